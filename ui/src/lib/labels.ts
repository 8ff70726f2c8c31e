// Names the UI shows for codes from the back end: evidence requirements and kinds, source
// formats, alignment kinds. In the UI language, through the Paraglide messages.
import type { EvidenceKind } from './bindings/EvidenceKind';
import type { EvidenceRequirement } from './bindings/EvidenceRequirement';
import type { Lang } from './bindings/Lang';
import type { SourceFormat } from './bindings/SourceFormat';
import type { AlignmentKind } from './bindings/AlignmentKind';
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
