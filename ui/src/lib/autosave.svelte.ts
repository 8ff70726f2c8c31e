// Saving as you go. An Autosave holds the latest value of one field (an example, a rationale)
// and saves it a moment after the typing stops, at once when `flush()` is called (on blur, on
// leaving the page, before the window closes), and never two saves at a time, so they commit in
// the order they were typed. Every live Autosave is registered, so `flushAll()` can save
// everything that is pending before a navigation or a close.
import { toApiError, type ApiError } from './api';

export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

/** What a save status shows, whatever is being saved. */
export interface Saving {
  readonly state: SaveState;
  readonly error: ApiError | null;
  readonly savedAt: Date | null;
  flush(): Promise<void>;
}

const live = new Set<Saving>();

export class Autosave<T> implements Saving {
  state = $state<SaveState>('idle');
  error = $state<ApiError | null>(null);
  savedAt = $state<Date | null>(null);

  #save: (value: T) => Promise<void>;
  #delay: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pending: { value: T } | null = null;
  #running: Promise<void> = Promise.resolve();

  constructor(save: (value: T) => Promise<void>, delay = 800) {
    this.#save = save;
    this.#delay = delay;
    live.add(this);
  }

  /** Whether a value is waiting to be saved or being saved. */
  get busy(): boolean {
    return this.#pending !== null || this.state === 'saving';
  }

  /** Saves `value` after the delay, replacing any value still waiting. */
  schedule(value: T): void {
    this.#pending = { value };
    this.state = 'pending';
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), this.#delay);
  }

  /** Saves the waiting value now (if any) and resolves when every save so far has finished. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#running = this.#running.then(() => this.#saveNext());
    return this.#running;
  }

  /** Forgets a waiting value without saving it. */
  cancel(): void {
    clearTimeout(this.#timer);
    this.#pending = null;
    if (this.state === 'pending') this.state = this.savedAt ? 'saved' : 'idle';
  }

  /** Saves what is waiting and stops taking part in flushAll(). */
  async dispose(): Promise<void> {
    try {
      await this.flush();
    } finally {
      live.delete(this);
    }
  }

  async #saveNext(): Promise<void> {
    const next = this.#pending;
    if (!next) return;
    this.#pending = null;
    this.state = 'saving';
    try {
      await this.#save(next.value);
      this.error = null;
      this.savedAt = new Date();
      this.state = this.#pending ? 'pending' : 'saved';
    } catch (e) {
      this.error = toApiError(e);
      // Keep the value so a later flush retries it, unless something newer is waiting.
      this.#pending ??= next;
      this.state = 'error';
    }
  }
}

/**
 * Saves everything that is waiting, everywhere. Resolves when done or after `timeoutMs`, so a
 * hanging back end cannot keep the user from leaving.
 */
export async function flushAll(timeoutMs = 4000): Promise<void> {
  const all = Promise.allSettled([...live].map((a) => a.flush()));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((ok) => (timer = setTimeout(ok, timeoutMs)));
  await Promise.race([all, timeout]);
  clearTimeout(timer);
}

/** How many autosaves are registered (for tests). */
export function liveCount(): number {
  return live.size;
}
