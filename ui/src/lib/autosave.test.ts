// Saving as you go: debounced, in order, retried after a failure, flushed on demand and before
// the window closes (flushAll), never two saves at a time.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosave, flushAll } from './autosave.svelte';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('Autosave', () => {
  it('saves the last value once, a moment after the changes stop', async () => {
    const saved: string[] = [];
    const a = new Autosave<string>(async (v) => void saved.push(v), 500);
    a.schedule('E');
    a.schedule('Es');
    await vi.advanceTimersByTimeAsync(300);
    a.schedule('Esim');
    expect(a.state).toBe('pending');
    await vi.advanceTimersByTimeAsync(499);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(saved).toEqual(['Esim']);
    expect(a.state).toBe('saved');
    expect(a.savedAt).toBeInstanceOf(Date);
    await a.dispose();
  });

  it('flush saves at once; saves run one at a time, in order', async () => {
    const log: string[] = [];
    let release: () => void = () => {};
    const a = new Autosave<string>(
      (v) =>
        new Promise<void>((ok) => {
          log.push(`start ${v}`);
          release = () => {
            log.push(`end ${v}`);
            ok();
          };
        }),
      1000,
    );
    a.schedule('one');
    const first = a.flush();
    await vi.advanceTimersByTimeAsync(0);
    a.schedule('two');
    const second = a.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['start one']);
    expect(a.busy).toBe(true);
    release();
    await first;
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['start one', 'end one', 'start two']);
    release();
    await second;
    expect(log).toEqual(['start one', 'end one', 'start two', 'end two']);
    expect(a.busy).toBe(false);
    await a.dispose();
  });

  it('keeps a value whose save failed and saves it on the next flush', async () => {
    let fail = true;
    const saved: string[] = [];
    const a = new Autosave<string>(async (v) => {
      if (fail) throw { kind: 'internal', message: 'database is locked' };
      saved.push(v);
    });
    a.schedule('teksti');
    await a.flush();
    expect(a.state).toBe('error');
    expect(a.error).toEqual({ kind: 'internal', message: 'database is locked' });
    fail = false;
    await a.flush();
    expect(saved).toEqual(['teksti']);
    expect(a.state).toBe('saved');
    expect(a.error).toBeNull();
    await a.dispose();
  });

  it('cancel forgets a value that was waiting', async () => {
    const saved: string[] = [];
    const a = new Autosave<string>(async (v) => void saved.push(v), 100);
    a.schedule('pois');
    a.cancel();
    await vi.advanceTimersByTimeAsync(200);
    await a.flush();
    expect(saved).toEqual([]);
    expect(a.state).toBe('idle');
    await a.dispose();
  });

  it('flushAll saves every waiting value, and gives up on a save that hangs', async () => {
    const saved: string[] = [];
    const a = new Autosave<string>(async (v) => void saved.push(`a:${v}`), 60_000);
    const b = new Autosave<string>(async (v) => void saved.push(`b:${v}`), 60_000);
    const hanging = new Autosave<string>(() => new Promise(() => {}), 60_000);
    a.schedule('1');
    b.schedule('2');
    hanging.schedule('3');
    const done = flushAll(4000);
    await vi.advanceTimersByTimeAsync(0);
    expect(saved.sort()).toEqual(['a:1', 'b:2']);
    let finished = false;
    void done.then(() => (finished = true));
    await vi.advanceTimersByTimeAsync(3999);
    expect(finished).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(finished).toBe(true);
    await a.dispose();
    await b.dispose();
  });
});
