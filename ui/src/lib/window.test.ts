// The window's messages: a drop goes to the screen that takes evidence (the latest registered),
// or is reported as landing nowhere; a close request saves everything, then closes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Autosave } from './autosave.svelte';
import { dragging, handleWindowMessage, onDrop, strayDrop } from './window.svelte';

let calls: string[];

beforeEach(() => {
  calls = [];
  (globalThis as unknown as { window: unknown }).window = {
    __TAURI_INTERNALS__: {
      invoke: async (cmd: string) => {
        calls.push(cmd);
        return null;
      },
    },
  };
});

afterEach(() => {
  delete (globalThis as unknown as { window?: unknown }).window;
  strayDrop.names = [];
});

describe('window messages', () => {
  it('gives a drop to the latest screen that takes files, and says when none does', () => {
    const got: string[] = [];
    const off1 = onDrop((d) => got.push(`first ${d.id}`));
    const off2 = onDrop((d) => got.push(`second ${d.id} ${d.names.join()}`));
    handleWindowMessage({ event: 'drag-enter', count: 1 });
    expect(dragging.active).toBe(true);
    handleWindowMessage({ event: 'drop', id: 4, names: ['a.pdf'] });
    expect(dragging.active).toBe(false);
    off2();
    handleWindowMessage({ event: 'drop', id: 5, names: ['b.pdf'] });
    off1();
    handleWindowMessage({ event: 'drop', id: 6, names: ['c.pdf', 'd.pdf'] });
    expect(got).toEqual(['second 4 a.pdf', 'first 5']);
    expect(strayDrop.names).toEqual(['c.pdf', 'd.pdf']);
  });

  it('saves what is pending before it asks Rust to close the window', async () => {
    const a = new Autosave<string>(async () => void calls.push('self_assess'), 60_000);
    a.schedule('kesken');
    await handleWindowMessage({ event: 'close-requested' });
    expect(calls).toEqual(['self_assess', 'close_window']);
    await a.dispose();
  });
});
