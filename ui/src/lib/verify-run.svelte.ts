// The Verify screen's one running or finished verification, kept outside the page so the results
// are still there when the clerk comes back from another screen. Each run has a job number: the
// back end stops that job on cancel, and messages of an older run are ignored.
import { api, toApiError, type ApiError } from './api';
import type { ListImportResult } from './bindings/ListImportResult';
import type { VerifyBatch } from './bindings/VerifyBatch';
import type { VerifyProgress } from './bindings/VerifyProgress';
import { applyProgress, emptyRun, finishRun, startedRun, type Run } from './verify';

type Start = (job: number, onProgress: (p: VerifyProgress) => void) => Promise<VerifyBatch | null>;

export const verification = $state({
  run: emptyRun() as Run,
  error: null as ApiError | null,
  job: 0,
  stopping: false,
  /** Revocation lists dropped with the last run (imported before its PDFs were checked). */
  lists: [] as ListImportResult[],
  /** Counts the runs that imported lists, so the screen knows to read the kept lists again. */
  listRuns: 0,
});

let nextJob = 1;

/** Runs one verification; `start` calls the back end (dialog or drop). Returns once it is over. */
export async function runVerification(start: Start): Promise<void> {
  if (verification.run.running) return;
  const job = nextJob++;
  const previous = verification.run;
  verification.job = job;
  verification.error = null;
  verification.stopping = false;
  verification.run = startedRun();
  try {
    const batch = await start(job, (p) => {
      if (verification.job === job && verification.run.running) verification.run = applyProgress(verification.run, p);
    });
    if (verification.job !== job) return;
    if (batch?.revocation_lists?.length) {
      verification.lists = batch.revocation_lists;
      verification.listRuns++;
    }
    // No batch (the dialog was cancelled) or no PDF in it (only lists dropped): the earlier results stay.
    verification.run = batch && batch.total > 0 ? finishRun(verification.run, batch) : previous;
  } catch (e) {
    if (verification.job !== job) return;
    verification.error = toApiError(e);
    verification.run = verification.run.rows.length ? { ...verification.run, running: false } : previous;
  } finally {
    if (verification.job === job) verification.stopping = false;
  }
}

/** Asks the back end to stop the running verification after the files it is checking now. */
export async function stopVerification(): Promise<void> {
  if (!verification.run.running) return;
  verification.stopping = true;
  try {
    await api.cancelVerify(verification.job);
  } catch (e) {
    verification.error = toApiError(e);
  }
}

/** Forgets the results shown. */
export function clearVerification(): void {
  if (verification.run.running) return;
  verification.run = emptyRun();
  verification.error = null;
}
