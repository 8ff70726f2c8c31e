// The statement stage as the screens show it: a statement's status, the certificate facts in
// readable form, and the back end's refusals of key and statement commands said in the UI
// language. Every decision (who may issue, which statement is current, what is valid) is the
// back end's; this only names what it answered.
import type { ApiError } from './bindings/ApiError';
import type { Lang } from './bindings/Lang';
import type { StatementView } from './bindings/StatementView';
import { m } from './paraglide/messages';

export type StatementStatus = 'current' | 'superseded' | 'revoked';

/** Revoked wins over superseded: a revoked statement is shown as revoked whatever replaced it. */
export function statementStatus(s: StatementView): StatementStatus {
  if (s.revoked) return 'revoked';
  if (s.superseded_by) return 'superseded';
  return 'current';
}

/** The statement that is in force (the back end lists newest first), if any. */
export function currentStatement(list: StatementView[]): StatementView | null {
  return list.find((s) => statementStatus(s) === 'current') ?? null;
}

/** The statement a screen shows first: the one in force, else the newest. */
export function defaultStatement(list: StatementView[]): StatementView | null {
  return currentStatement(list) ?? list[0] ?? null;
}

/** A SHA-256 fingerprint in groups of four hex digits, for reading aloud and comparing. */
export function groupFingerprint(hex: string): string {
  const clean = hex.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
  return (clean.match(/.{1,4}/g) ?? []).join(' ');
}

/** The common name (CN) of an X.509 subject such as `CN=Sirkka Väänänen,title=…,O=…`, else the whole subject. */
export function commonName(subject: string): string {
  const cn = /(?:^|,)\s*CN=((?:\\.|[^,\\])*)/.exec(subject);
  return cn ? cn[1].replace(/\\(.)/g, '$1').trim() : subject;
}

type Opts = { locale: Lang };

/**
 * The back end's refusals that a user can act on, matched on the start of its (English)
 * message and said in the UI language. Anything else is shown as the back end said it.
 */
const KNOWN: [RegExp, (params: Record<string, string>, o: Opts) => string][] = [
  [/^wrong passphrase for the PKCS#12 file/i, (_, o) => m.keys_error_p12_passphrase({}, o)],
  [/^wrong passphrase/i, (_, o) => m.keys_error_wrong_passphrase({}, o)],
  [/^the passphrase must have at least (?<min>\d+) characters/i, (p, o) => m.keys_error_short({ min: p.min }, o)],
  [/^give the place of the assessment/i, (_, o) => m.statement_error_place({}, o)],
  [/^the place is longer than/i, (_, o) => m.statement_error_place_long({}, o)],
  [/^set the organisation first/i, (_, o) => m.keys_error_no_organisation({}, o)],
  [/has no signing keys yet/i, (_, o) => m.keys_error_no_keys({}, o)],
  [/already has signing keys/i, (_, o) => m.keys_error_exists({}, o)],
  [/^choose the PKCS#12 file first/i, (_, o) => m.keys_error_choose_file({}, o)],
  [/^the organisation needs a name/i, (_, o) => m.org_error_name({}, o)],
  [/^a business ID has the form/i, (_, o) => m.org_error_business_id_form({}, o)],
  [/^business ID .*check digit/i, (_, o) => m.org_error_business_id_check({}, o)],
  [/^give the reason for revoking/i, (_, o) => m.statement_error_reason({}, o)],
  [/^statement \S+ was already revoked/i, (_, o) => m.statement_error_already_revoked({}, o)],
  [/^those dropped files are no longer available/i, (_, o) => m.verify_error_drop_gone({}, o)],
];

/** What a known refusal means, in `lang`; null for an error to show as the back end said it. */
export function knownError(e: ApiError, lang: Lang): string | null {
  if (e.kind === 'internal') return null;
  for (const [re, say] of KNOWN) {
    const hit = re.exec(e.message);
    if (hit) return say({ ...(hit.groups ?? {}) }, { locale: lang });
  }
  return null;
}
