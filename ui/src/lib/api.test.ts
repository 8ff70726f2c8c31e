// The IPC contract as Rust expects it: command names and snake_case arguments under `request`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api, toApiError } from './api';

type Call = { cmd: string; args: unknown };
let calls: Call[];
let answer: (cmd: string, args: unknown) => unknown;

beforeEach(() => {
  calls = [];
  answer = () => null;
  (globalThis as unknown as { window: unknown }).window = {
    __TAURI_INTERNALS__: {
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

  it('sends show_badge, set_language, get_settings and import_badges_dialog', async () => {
    await api.showBadge({ id: 'urn:x', version: 2 });
    await api.setLanguage('sv');
    await api.getSettings();
    await api.importBadgesDialog();
    expect(calls).toEqual([
      { cmd: 'show_badge', args: { request: { id: 'urn:x', version: 2 } } },
      { cmd: 'set_language', args: { request: { language: 'sv' } } },
      { cmd: 'get_settings', args: {} },
      { cmd: 'import_badges_dialog', args: {} },
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
});
