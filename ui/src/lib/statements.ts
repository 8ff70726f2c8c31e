// The statement stage as the screens show it: a statement's status, the certificate facts in
// readable form, and the back end's refusals of key and statement commands said in the UI
// language. Every decision (who may issue, which statement is current, what is valid) is the
// back end's; this only names what it answered.
import type { ApiError } from './bindings/ApiError';
import type { ErrorCode } from './bindings/ErrorCode';
import type { Lang } from './bindings/Lang';
import type { StatementView } from './bindings/StatementView';
import { codeMessage } from './errors';
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
type Known = [RegExp, ErrorCode | ((params: Record<string, string>, o: Opts) => string)];

/**
 * Refusals matched on the start of the back end's (English) message, for errors that come
 * without a code: those of issuing, revoking and verifying (which have no code yet) and, from a
 * back end that does not send codes (the browser tests' CLI), the key and organisation refusals,
 * which are then said through their code's sentence like a coded error.
 */
const KNOWN: Known[] = [
  [/^wrong passphrase for the PKCS#12 file/i, 'pkcs12-wrong-passphrase'],
  [/^wrong passphrase/i, 'wrong-passphrase'],
  [/^the passphrase must have at least (?<min>\d+) characters/i, 'passphrase-too-short'],
  [/^give the place of the assessment/i, (_, o) => m.statement_error_place({}, o)],
  [/^the place is longer than/i, (_, o) => m.statement_error_place_long({}, o)],
  [/^set the organisation first/i, 'organisation-missing'],
  [/has no signing keys yet/i, 'keys-missing'],
  [/already has signing keys/i, 'keys-exist'],
  [/^choose the PKCS#12 file first/i, (_, o) => m.keys_error_choose_file({}, o)],
  [/^the organisation needs a name/i, 'organisation-needs-name'],
  [/^a business ID has the form/i, 'business-id-format'],
  [/^business ID .*check digit/i, 'business-id-check-digit'],
  [/^give the reason for revoking/i, (_, o) => m.statement_error_reason({}, o)],
  [/^statement \S+ was already revoked/i, (_, o) => m.statement_error_already_revoked({}, o)],
  [/^those dropped files are no longer available/i, (_, o) => m.verify_error_drop_gone({}, o)],
];

/**
 * What a known refusal means, in `lang`: the sentence for its code, else one matched on its
 * message; null for an error to show as the back end said it.
 */
export function knownError(e: ApiError, lang: Lang): string | null {
  if (e.kind === 'internal') return null;
  const coded = codeMessage(e, lang);
  if (coded) return coded;
  for (const [re, say] of KNOWN) {
    const hit = re.exec(e.message);
    if (!hit) continue;
    const params = { ...(hit.groups ?? {}) };
    return typeof say === 'string' ? codeMessage({ code: say, params }, lang) : say(params, { locale: lang });
  }
  return null;
}
