// Verification results as they arrive: rows in the order given, filled as each file is reported
// (in any order), then settled by the final batch; a stopped run keeps only what was checked.
import { describe, expect, it } from 'vitest';
import type { VerifiedFile } from './bindings/VerifiedFile';
import type { VerifyReport } from './bindings/VerifyReport';
import { applyProgress, emptyRun, finishRun, importLines, listAge, listRefusal, needsTrust, outcome, startedRun, tally } from './verify';

const report = (file: string, verdict: VerifyReport['verdict'], codes: string[] = []): VerifiedFile => ({
  file,
  report: {
    file,
    verdict,
    credential_checked: verdict === 'valid',
    problems: codes.map((code) => ({ code, message: `msg ${code}`, detail: `detail ${code}` })),
  },
});

describe('a verification run', () => {
  it('lists the files when it starts and fills them in as each is checked, in any order', () => {
    let run = applyProgress(startedRun(), { event: 'started', total: 3, files: ['a.pdf', 'b.pdf', 'c.pdf'] });
    expect(run.rows.map((r) => [r.file, outcome(r.result)])).toEqual([
      ['a.pdf', 'pending'],
      ['b.pdf', 'pending'],
      ['c.pdf', 'pending'],
    ]);
    run = applyProgress(run, { event: 'checked', index: 2, done: 1, total: 3, result: report('c.pdf', 'invalid', ['tampered']) });
    run = applyProgress(run, { event: 'checked', index: 0, done: 2, total: 3, result: report('a.pdf', 'valid') });
    expect(run.done).toBe(2);
    expect(run.running).toBe(true);
    expect(run.rows.map((r) => outcome(r.result))).toEqual(['valid', 'pending', 'invalid']);
  });

  it('takes a progress message that came before the start message', () => {
    const run = applyProgress(startedRun(), { event: 'checked', index: 1, done: 1, total: 2, result: report('b.pdf', 'valid') });
    expect(run.rows.map((r) => outcome(r.result))).toEqual(['pending', 'valid']);
  });

  it('is settled by the batch, even when no progress message arrived', () => {
    const run = finishRun(startedRun(), {
      total: 2,
      cancelled: false,
      revocation_lists: [],
      results: [
        [0, report('a.pdf', 'valid')],
        [1, { file: 'b.pdf', error: { kind: 'bad-input', message: 'cannot read the file', file: 'b.pdf' } }],
      ],
    });
    expect(run.running).toBe(false);
    expect(run.rows.map((r) => [r.file, outcome(r.result)])).toEqual([
      ['a.pdf', 'valid'],
      ['b.pdf', 'error'],
    ]);
    expect(tally(run.rows)).toEqual({ valid: 1, invalid: 0, unreadable: 0, error: 1, pending: 0 });
  });

  it('when stopped, keeps only the files that were checked', () => {
    let run = applyProgress(startedRun(), { event: 'started', total: 4, files: ['a', 'b', 'c', 'd'] });
    run = finishRun(run, { total: 4, cancelled: true, revocation_lists: [], results: [[1, report('b', 'unreadable', ['unreadable'])]] });
    expect(run.cancelled).toBe(true);
    expect(run.done).toBe(1);
    expect(run.total).toBe(4);
    expect(run.rows.map((r) => r.file)).toEqual(['b']);
  });

  it('starts empty', () => {
    expect(emptyRun()).toEqual({ rows: [], total: 0, done: 0, running: false, cancelled: false });
  });

  it('points at the trusted organisations only when trust is what failed', () => {
    expect(needsTrust(report('a', 'invalid', ['untrusted']))).toBe(true);
    expect(needsTrust(report('a', 'invalid', ['tampered']))).toBe(false);
    expect(needsTrust(report('a', 'invalid', ['tampered', 'untrusted'])), 'a changed file is not fixed by trusting').toBe(false);
    expect(needsTrust(null)).toBe(false);
  });
});

describe('revocation lists', () => {
  it('says each refusal of the back end in the user language, and nothing for other errors', () => {
    const e = (message: string, kind: 'bad-input' | 'conflict' | 'internal' = 'bad-input') => ({ kind, message });
    expect(listRefusal(e('the revocation list was changed after it was signed, so it was not taken (tampered: x)'), 'fi')).toMatch(/muutettu allekirjoittamisen jälkeen/);
    expect(listRefusal(e('the revocation list is not signed by an organisation trusted here: trust X first'), 'sv')).toMatch(/inte undertecknad av en betrodd organisation/);
    expect(listRefusal(e('the revocation list is not signed by the organisation it names as its issuer (…)'), 'en')).toMatch(/another organisation/);
    expect(listRefusal(e('this revocation list is older than the one kept for X', 'conflict'), 'fi')).toMatch(/vanhempi/);
    expect(listRefusal(e('not an Osaava revocation list: expected value at line 1'), 'en')).toMatch(/not an Osaava revocation list/);
    expect(listRefusal(e('not an Osaava revocation list', 'internal'), 'en')).toBeNull();
    expect(listRefusal(e('cannot read the file: denied'), 'en')).toBeNull();
  });

  it('tells the age in days', () => {
    expect(listAge(0, 'fi')).toBe('tänään');
    expect(listAge(1, 'sv')).toBe('1 dag');
    expect(listAge(45, 'en')).toBe('45 days');
  });

  it('reports each imported file: what it did, or that it was refused and why', () => {
    const list = { organisation: 'Hoivakoti Kielo Oy', business_id: '0112038-9', issued_at: '2026-12-04T10:00:00Z', revoked: 1, superseded: 0, age_days: 0, stale: false, stale_after_days: 30, trusted: true };
    const lines = importLines(
      [
        { file: 'a.json', imported: { outcome: 'added', list, lists: [list] } },
        { file: 'b.json', imported: { outcome: 'unchanged', list, lists: [list] } },
        { file: 'c.json', error: { kind: 'bad-input', message: 'the revocation list was changed after it was signed' } },
      ],
      'en',
    );
    expect(lines.map((l) => [l.ok, l.text])).toEqual([
      [true, 'Imported: Hoivakoti Kielo Oy, dated 04/12/2026'],
      [true, 'The same list was already imported: Hoivakoti Kielo Oy'],
      [false, 'The revocation list c.json was not imported'],
    ]);
    expect(lines[2].reason).toMatch(/changed after it was signed/);
  });
});
