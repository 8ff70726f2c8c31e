// The IPC contract as Rust expects it: command names and snake_case arguments under `request`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api, compact, toApiError } from './api';

type Call = { cmd: string; args: unknown };
let calls: Call[];
let answer: (cmd: string, args: unknown) => unknown;
let callbacks: Map<number, (message: unknown) => void>;

beforeEach(() => {
  calls = [];
  answer = () => null;
  callbacks = new Map();
  (globalThis as unknown as { window: unknown }).window = {
    __TAURI_INTERNALS__: {
      transformCallback: (callback: (message: unknown) => void) => {
        const id = callbacks.size + 1;
        callbacks.set(id, callback);
        return id;
      },
      unregisterCallback: (id: number) => callbacks.delete(id),
      invoke: async (cmd: string, args: unknown) => {
        calls.push({ cmd, args });
        return answer(cmd, args);
      },
    },
  };
});

afterEach(() => {
  delete (globalThis as unknown as { window?: unknown }).window;
});

describe('api', () => {
  it('sends list_badges with the query and alignment, leaving out empty ones', async () => {
    await api.listBadges({ query: '  lääke ', alignment: 'tutkinnonosat_106228' });
    await api.listBadges({ query: '', alignment: '' });
    await api.listBadges();
    expect(calls).toEqual([
      { cmd: 'list_badges', args: { request: { query: 'lääke', alignment: 'tutkinnonosat_106228' } } },
      { cmd: 'list_badges', args: { request: {} } },
      { cmd: 'list_badges', args: { request: {} } },
    ]);
  });

  it('sends show_badge, set_language, get_settings, import_badges_dialog and cancel_import', async () => {
    await api.showBadge({ id: 'urn:x', version: 2 });
    await api.setLanguage('sv');
    await api.getSettings();
    await api.importBadgesDialog(7, () => {});
    await api.cancelImport(7);
    expect(calls).toEqual([
      { cmd: 'show_badge', args: { request: { id: 'urn:x', version: 2 } } },
      { cmd: 'set_language', args: { request: { language: 'sv' } } },
      { cmd: 'get_settings', args: {} },
      { cmd: 'import_badges_dialog', args: expect.objectContaining({ job: 7 }) },
      { cmd: 'cancel_import', args: { job: 7 } },
    ]);
  });

  it('passes the back end ApiError through and wraps anything else', async () => {
    const err = { kind: 'bad-input', message: 'expected a number', file: 'a.json', path: '$.criteria[0]' };
    answer = () => {
      throw err;
    };
    await expect(api.listBadges()).rejects.toEqual(err);
    answer = () => {
      throw 'command list_badges not found';
    };
    await expect(api.listBadges()).rejects.toEqual({ kind: 'internal', message: 'command list_badges not found' });
    expect(toApiError(new Error('boom'))).toEqual({ kind: 'internal', message: 'boom' });
  });

  it('sends the case commands with snake_case requests, leaving out blank fields', async () => {
    await api.searchPeople({ query: '  maij ', role: 'employee' });
    await api.searchPeople({ query: ' ' });
    await api.openCase({ employee: 'e1', badge: 'b1', assessor: '', language: 'sv' });
    await api.showCase('c1');
    await api.selfAssess({ case: 'c1', criterion: 'k1', level: 'unsure', example: '' });
    await api.rate({ case: 'c1', criterion: 'k1', rating: 'not-assessed', rationale: '' });
    await api.interviewNote({ case: 'c1', criterion: 'k1', text: 'Kertoi <b>tilanteesta</b>' });
    await api.updateEvidence({ case: 'c1', evidence: 'e9', criteria: ['k1', 'k2'] });
    await api.addDroppedEvidence(7, { case: 'c1', kind: 'document', criteria: ['k1'], verified: false, note: ' ' });
    await api.decide({ case: 'c1', decision: 'not-yet', justification: '' });
    await api.personCases({ person: 'p1', open_only: true });
    await api.setProfile({ role: 'admin', person: undefined });
    expect(calls).toEqual([
      { cmd: 'search_people', args: { request: { query: 'maij', role: 'employee' } } },
      { cmd: 'search_people', args: { request: {} } },
      { cmd: 'open_case', args: { request: { employee: 'e1', badge: 'b1', language: 'sv' } } },
      { cmd: 'show_case', args: { request: { case: 'c1' } } },
      // An empty example is sent: it clears the saved one.
      { cmd: 'self_assess', args: { request: { case: 'c1', criterion: 'k1', level: 'unsure', example: '' } } },
      { cmd: 'rate', args: { request: { case: 'c1', criterion: 'k1', rating: 'not-assessed' } } },
      { cmd: 'interview_note', args: { request: { case: 'c1', criterion: 'k1', text: 'Kertoi <b>tilanteesta</b>' } } },
      { cmd: 'update_evidence', args: { request: { case: 'c1', evidence: 'e9', criteria: ['k1', 'k2'] } } },
      {
        cmd: 'add_dropped_evidence',
        args: { drop: 7, request: { case: 'c1', kind: 'document', criteria: ['k1'], verified: false } },
      },
      { cmd: 'decide', args: { request: { case: 'c1', decision: 'not-yet' } } },
      { cmd: 'person_cases', args: { request: { person: 'p1', open_only: true } } },
      { cmd: 'set_profile', args: { request: { role: 'admin' } } },
    ]);
  });

  it('opens the native dialogs through Rust without naming any path', async () => {
    await api.exportSelfAssessmentDialog('c1');
    await api.importSelfAssessmentDialog();
    await api.addEvidenceDialog({ case: 'c1', kind: 'work-sample', criteria: ['k1'], verified: false });
    expect(calls).toEqual([
      { cmd: 'export_self_assessment_dialog', args: { request: { case: 'c1' } } },
      { cmd: 'import_self_assessment_dialog', args: {} },
      { cmd: 'add_evidence_dialog', args: { request: { case: 'c1', kind: 'work-sample', criteria: ['k1'], verified: false } } },
    ]);
  });

  it('compact keeps false, zero and non-blank text', () => {
    expect(compact({ a: false, b: 0, c: ' x ', d: '', e: null, f: undefined, g: [] })).toEqual({ a: false, b: 0, c: ' x ', g: [] });
  });

  it('listens to the window through a channel and delivers its messages in order', async () => {
    const got: unknown[] = [];
    await api.watchWindow((m) => got.push(m));
    expect(calls.map((c) => c.cmd)).toEqual(['watch_window']);
    const channel = (calls[0].args as { onEvent: { toJSON(): string } }).onEvent;
    expect(channel.toJSON()).toBe('__CHANNEL__:1');
    const deliver = callbacks.get(1)!;
    deliver({ index: 1, message: { event: 'close-requested' } });
    deliver({ index: 0, message: { event: 'drop', id: 3, names: ['lausunto.pdf'] } });
    expect(got).toEqual([{ event: 'drop', id: 3, names: ['lausunto.pdf'] }, { event: 'close-requested' }]);
  });
});
