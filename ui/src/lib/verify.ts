// Verification results as the Verify screen lists them: one row per file, filled in as the back
// end reports each file (progress through a channel), then replaced by the final batch, which is
// authoritative (channel messages may arrive after the command's answer, or not at all).
import type { VerifiedFile } from './bindings/VerifiedFile';
import type { VerifyBatch } from './bindings/VerifyBatch';
import type { VerifyProgress } from './bindings/VerifyProgress';
import type { ApiError } from './bindings/ApiError';
import type { Lang } from './bindings/Lang';
import type { ListImportResult } from './bindings/ListImportResult';
import { m } from './paraglide/messages';
import { formatDate } from './text';

export type Outcome = 'valid' | 'invalid' | 'unreadable' | 'error' | 'pending';

export type Row = { file: string; result: VerifiedFile | null };

export type Run = {
  /** The files of this run, in the order given, each with its result once checked. */
  rows: Row[];
  total: number;
  done: number;
  running: boolean;
  cancelled: boolean;
};

export function emptyRun(): Run {
  return { rows: [], total: 0, done: 0, running: false, cancelled: false };
}

/** A run that has started but not heard from the back end yet. */
export function startedRun(): Run {
  return { ...emptyRun(), running: true };
}

/** The run after one progress message. Messages of an older run are the caller's to drop. */
export function applyProgress(run: Run, p: VerifyProgress): Run {
  switch (p.event) {
    case 'started':
      return { ...run, rows: p.files.map((file) => ({ file, result: null })), total: p.total, done: 0 };
    case 'checked': {
      const rows = run.rows.length === p.total ? [...run.rows] : Array.from({ length: p.total }, (_, i) => run.rows[i] ?? { file: '', result: null });
      rows[p.index] = { file: p.result.file, result: p.result };
      return { ...run, rows, total: p.total, done: Math.max(run.done, p.done) };
    }
  }
}

/** The run when the back end answered: its batch has every result checked. */
export function finishRun(run: Run, batch: VerifyBatch): Run {
  const rows = run.rows.length === batch.total ? run.rows.map((r) => ({ ...r })) : Array.from({ length: batch.total }, (_, i) => run.rows[i] ?? { file: '', result: null });
  for (const [i, result] of batch.results) rows[i] = { file: result.file, result };
  return {
    rows: batch.cancelled ? rows.filter((r) => r.result) : rows,
    total: batch.total,
    done: batch.results.length,
    running: false,
    cancelled: batch.cancelled,
  };
}

/** What one file came to. */
export function outcome(r: VerifiedFile | null): Outcome {
  if (!r) return 'pending';
  if (r.error || !r.report) return 'error';
  return r.report.verdict;
}

/** How many files came to each outcome. */
export function tally(rows: Row[]): Record<Outcome, number> {
  const counts: Record<Outcome, number> = { valid: 0, invalid: 0, unreadable: 0, error: 0, pending: 0 };
  for (const r of rows) counts[outcome(r.result)]++;
  return counts;
}

/** Whether the file was refused only because its signer's organisation is not trusted here. */
export function needsTrust(r: VerifiedFile | null): boolean {
  const problems = r?.report?.problems ?? [];
  return problems.length > 0 && problems.every((p) => p.code === 'untrusted');
}

// ---- Revocation lists ---------------------------------------------------------------------

type Said = (o: { locale: Lang }) => string;

/** The back end's refusals of a revocation list, matched on the start of its (English) message. */
const LIST_REFUSALS: [RegExp, Said][] = [
  [/^not an Osaava revocation list/i, (o) => m.revocation_error_unreadable({}, o)],
  [/^the revocation list was changed after it was signed/i, (o) => m.revocation_error_tampered({}, o)],
  [/^the revocation list is not signed by an organisation trusted here/i, (o) => m.revocation_error_untrusted({}, o)],
  [/^the revocation list is not signed by the organisation it names/i, (o) => m.revocation_error_signer({}, o)],
  [/^the revocation list's signature is not valid/i, (o) => m.revocation_error_invalid({}, o)],
  [/^this revocation list is older than the one kept/i, (o) => m.revocation_error_older({}, o)],
];

/** Why a revocation list was refused, in `lang`; null for an error to show as the back end said it. */
export function listRefusal(e: ApiError, lang: Lang): string | null {
  if (e.kind === 'internal') return null;
  for (const [re, say] of LIST_REFUSALS) if (re.test(e.message)) return say({ locale: lang });
  return null;
}

/** How old a list is, in words. */
export function listAge(days: number, lang: Lang): string {
  const o = { locale: lang };
  if (days <= 0) return m.revocation_age_today({}, o);
  if (days === 1) return m.revocation_age_one({}, o);
  return m.revocation_age_days({ days }, o);
}

/** What importing list files came to, one line per file: done (ok) or refused (with the reason). */
export function importLines(results: ListImportResult[], lang: Lang): { ok: boolean; text: string; reason?: string; error?: ApiError }[] {
  const o = { locale: lang };
  return results.map((r) => {
    if (r.imported) {
      const { list, outcome } = r.imported;
      const date = formatDate(list.issued_at, lang);
      const text =
        outcome === 'added'
          ? m.revocation_imported_added({ name: list.organisation, date }, o)
          : outcome === 'replaced'
            ? m.revocation_imported_replaced({ name: list.organisation, date }, o)
            : m.revocation_imported_unchanged({ name: list.organisation }, o);
      return { ok: true, text };
    }
    const error = r.error ?? { kind: 'internal' as const, message: '' };
    return { ok: false, text: m.revocation_refused({ file: r.file }, o), reason: listRefusal(error, lang) ?? undefined, error };
  });
}
