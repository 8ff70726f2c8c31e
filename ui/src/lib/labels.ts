// Names the UI shows for codes from the back end: evidence requirements and kinds, source
// formats, alignment kinds. In the UI language, through the Paraglide messages.
import type { AlignmentKind } from './bindings/AlignmentKind';
import type { CaseState } from './bindings/CaseState';
import type { Decision } from './bindings/Decision';
import type { EvidenceIssue } from './bindings/EvidenceIssue';
import type { EvidenceKind } from './bindings/EvidenceKind';
import type { EvidenceRequirement } from './bindings/EvidenceRequirement';
import type { Lang } from './bindings/Lang';
import type { PriorityReason } from './bindings/PriorityReason';
import type { Rating } from './bindings/Rating';
import type { Reason } from './bindings/Reason';
import type { Role } from './bindings/Role';
import type { SelfLevel } from './bindings/SelfLevel';
import type { SourceFormat } from './bindings/SourceFormat';
import type { Suggestion } from './bindings/Suggestion';
import { m } from './paraglide/messages';

type Opts = { locale: Lang };

const KIND: Record<EvidenceKind, (i: object, o: Opts) => string> = {
  'interview-answer': m.evidence_interview_answer,
  observation: m.evidence_observation,
  document: m.evidence_document,
  'work-sample': m.evidence_work_sample,
  'third-party-statement': m.evidence_third_party_statement,
  'prior-certificate': m.evidence_prior_certificate,
};

/** The name of one kind of evidence, lower case, as used inside a sentence. */
export function evidenceKindName(kind: EvidenceKind, lang: Lang): string {
  const f = KIND[kind];
  return f ? f({}, { locale: lang }) : kind;
}

/** The evidence requirement of a criterion as one phrase. */
export function evidencePhrase(req: EvidenceRequirement, lang: Lang): string {
  const count = Math.max(1, req.min_items);
  const kinds = [...new Set(req.kinds)];
  if (kinds.length === 0) return m.evidence_at_least_any({ count }, { locale: lang });
  return m.evidence_at_least({ count, kinds: kinds.map((k) => evidenceKindName(k, lang)).join(', ') }, { locale: lang });
}

const FORMAT: Record<SourceFormat, (i: object, o: Opts) => string> = {
  'osaava-template': m.format_osaava_template,
  'open-badges-2': m.format_open_badges_2,
  'open-badges-3': m.format_open_badges_3,
  'eperusteet-badge': m.format_eperusteet_badge,
  'eperusteet-unit': m.format_eperusteet_unit,
};

/** The name of the format a badge was imported from. */
export function sourceFormatName(format: SourceFormat, lang: Lang): string {
  const f = FORMAT[format];
  return f ? f({}, { locale: lang }) : format;
}

const ALIGNMENT_KIND: Record<AlignmentKind, (i: object, o: Opts) => string> = {
  'qualification-unit': m.kind_qualification_unit,
  'national-badge': m.kind_national_badge,
  'esco-skill': m.kind_esco_skill,
  framework: m.kind_framework,
};

/** "Tutkinnon osa", "Framework", … */
export function alignmentKindName(kind: AlignmentKind, lang: Lang): string {
  const f = ALIGNMENT_KIND[kind];
  return f ? f({}, { locale: lang }) : kind;
}

// ---- Cases -------------------------------------------------------------------------------


type Label = (i: object, o: Opts) => string;

function named<K extends string>(table: Record<K, Label>, key: K, lang: Lang): string {
  const f = table[key];
  return f ? f({}, { locale: lang }) : key;
}

const ROLE: Record<Role, Label> = {
  assessor: m.role_assessor,
  employee: m.role_employee,
  college: m.role_college,
  admin: m.role_admin,
};

/** "Arvioija", "Työntekijä", … */
export const roleName = (role: Role, lang: Lang) => named(ROLE, role, lang);

const STATE: Record<CaseState, Label> = {
  draft: m.state_draft,
  'self-assessment-submitted': m.state_self_assessment_submitted,
  'interview-in-progress': m.state_interview_in_progress,
  assessed: m.state_assessed,
  decided: m.state_decided,
  'returned-for-revision': m.state_returned_for_revision,
  withdrawn: m.state_withdrawn,
};

export const caseStateName = (state: CaseState, lang: Lang) => named(STATE, state, lang);

/** The case states in the order a case goes through them (for the filter). */
export const CASE_STATES: readonly CaseState[] = [
  'draft',
  'self-assessment-submitted',
  'returned-for-revision',
  'interview-in-progress',
  'assessed',
  'decided',
  'withdrawn',
];

const RATING: Record<Rating, Label> = {
  'not-assessed': m.rating_not_assessed,
  'does-not-meet': m.rating_does_not_meet,
  'partially-meets': m.rating_partially_meets,
  meets: m.rating_meets,
};

export const ratingName = (rating: Rating, lang: Lang) => named(RATING, rating, lang);

/** The ratings as the assessor chooses them. */
export const RATINGS: readonly Rating[] = ['meets', 'partially-meets', 'does-not-meet', 'not-assessed'];

/** The self-assessment scale in order, "can't say" last. */
export const SELF_LEVELS: readonly SelfLevel[] = [1, 2, 3, 4, 'unsure'];

const LEVEL: Record<string, Label> = {
  '1': m.level_1,
  '2': m.level_2,
  '3': m.level_3,
  '4': m.level_4,
  unsure: m.level_unsure,
};

const LEVEL_HELP: Record<string, Label> = {
  '1': m.level_1_help,
  '2': m.level_2_help,
  '3': m.level_3_help,
  '4': m.level_4_help,
  unsure: m.level_unsure_help,
};

/** "Osaan itsenäisesti" for 3; "En osaa sanoa" for unsure. */
export const levelName = (level: SelfLevel, lang: Lang) => named(LEVEL, String(level), lang);
/** What a level means, one sentence. */
export const levelHelp = (level: SelfLevel, lang: Lang) => named(LEVEL_HELP, String(level), lang);
/** "3 – Osaan itsenäisesti"; "En osaa sanoa". */
export const levelShort = (level: SelfLevel, lang: Lang) =>
  level === 'unsure' ? levelName(level, lang) : `${level} – ${levelName(level, lang)}`;

const DECISION: Record<Decision, Label> = {
  recognised: m.decision_recognised,
  'partially-recognised': m.decision_partially_recognised,
  'not-yet': m.decision_not_yet,
};

export const decisionName = (d: Decision, lang: Lang) => named(DECISION, d, lang);
export const DECISIONS: readonly Decision[] = ['recognised', 'partially-recognised', 'not-yet'];

const SUGGESTION: Record<Suggestion, Label> = {
  recognise: m.suggestion_recognise,
  partially: m.suggestion_partially,
  'not-yet': m.suggestion_not_yet,
};

export const suggestionName = (s: Suggestion, lang: Lang) => named(SUGGESTION, s, lang);

/** The decision that follows a suggestion (preselected in the decision form). */
export const decisionFor = (s: Suggestion): Decision =>
  s === 'recognise' ? 'recognised' : s === 'partially' ? 'partially-recognised' : 'not-yet';

const ISSUE: Record<EvidenceIssue, Label> = {
  'wrong-kind': m.issue_wrong_kind,
  undated: m.issue_undated,
  outdated: m.issue_outdated,
  'after-decision-date': m.issue_after_decision_date,
  'not-checked': m.issue_not_checked,
};

export const issueName = (issue: EvidenceIssue, lang: Lang) => named(ISSUE, issue, lang);

const PRIORITY: Record<PriorityReason, Label> = {
  'no-self-assessment': m.priority_no_self_assessment,
  'self-unsure': m.priority_self_unsure,
  'self-low': m.priority_self_low,
  'evidence-missing': m.priority_evidence_missing,
};

export const priorityName = (p: PriorityReason, lang: Lang) => named(PRIORITY, p, lang);

/** Kinds of evidence an employee adds, and those an assessor adds. */
export const EMPLOYEE_EVIDENCE_KINDS: readonly EvidenceKind[] = [
  'document',
  'work-sample',
  'third-party-statement',
  'prior-certificate',
];
export const ASSESSOR_EVIDENCE_KINDS: readonly EvidenceKind[] = [
  'observation',
  'interview-answer',
  'document',
  'work-sample',
  'third-party-statement',
  'prior-certificate',
];

const AUDIT: Record<string, Label> = {
  'case.open': m.audit_case_open,
  'case.state': m.audit_case_state,
  'case.self-assessment': m.audit_case_self_assessment,
  'case.self-assessment-import': m.audit_case_self_assessment_import,
  'case.evidence-add': m.audit_case_evidence_add,
  'case.evidence-update': m.audit_case_evidence_update,
  'case.rating': m.audit_case_rating,
  'case.decision': m.audit_case_decision,
  'case.interview': m.audit_case_interview,
  'case.assessor': m.audit_case_assessor,
};

/** What an audit entry's action code means ("case.rating" → "Arvio"); unknown codes as they are. */
export function auditActionName(action: string, lang: Lang): string {
  const code = action.split(' ')[0];
  const f = AUDIT[code];
  return f ? f({}, { locale: lang }) : action;
}

/**
 * A reason of the comparison as a sentence in the UI language, naming criteria by their number
 * in the badge (`num`) rather than by id.
 */
export function reasonText(r: Reason, num: (criterion: string) => string, lang: Lang): string {
  const o = { locale: lang };
  switch (r.code) {
    case 'all-mandatory-met':
      return m.reason_all_mandatory_met({ count: r.count }, o);
    case 'criteria-met':
      return m.reason_criteria_met({ criteria: r.criteria.map(num).join(', ') }, o);
    case 'none-met':
      return m.reason_none_met({}, o);
    case 'not-rated':
      return m.reason_not_rated({ criterion: num(r.criterion) }, o);
    case 'rated-below':
      return m.reason_rated_below({ criterion: num(r.criterion), rating: ratingName(r.rating, lang).toLowerCase() }, o);
    case 'evidence-short':
      return m.reason_evidence_short({ criterion: num(r.criterion), counted: r.counted, required: r.required }, o);
    case 'evidence-wrong-kind':
      return m.reason_evidence_wrong_kind({ criterion: num(r.criterion), items: r.items }, o);
    case 'evidence-undated':
      return m.reason_evidence_undated({ criterion: num(r.criterion), items: r.items }, o);
    case 'evidence-outdated':
      return m.reason_evidence_outdated({ criterion: num(r.criterion), items: r.items, years: r.years }, o);
    case 'evidence-after-decision-date':
      return m.reason_evidence_after_decision_date({ criterion: num(r.criterion), items: r.items }, o);
    case 'evidence-not-checked':
      return m.reason_evidence_not_checked({ criterion: num(r.criterion), items: r.items }, o);
    case 'discrepancy':
      return m.reason_discrepancy(
        { criterion: num(r.criterion), level: levelName(r.self_level, lang), rating: ratingName(r.rating, lang) },
        o,
      );
  }
}
