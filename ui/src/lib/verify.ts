// Verification results as the Verify screen lists them: one row per file, filled in as the back
// end reports each file (progress through a channel), then replaced by the final batch, which is
// authoritative (channel messages may arrive after the command's answer, or not at all).
import type { VerifiedFile } from './bindings/VerifiedFile';
import type { VerifyBatch } from './bindings/VerifyBatch';
import type { VerifyProgress } from './bindings/VerifyProgress';

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
