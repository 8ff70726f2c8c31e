// The window's messages (window.rs): files dragged over and dropped on it, and a request to
// close it. A screen that takes evidence registers a drop handler; the close waits until every
// pending save is done (flushAll), then asks Rust to close.
import { api } from './api';
import { flushAll } from './autosave.svelte';
import type { WindowMessage } from './bindings/WindowMessage';

export type Drop = { id: number; names: string[] };
type DropHandler = (drop: Drop) => void;

/** Files being dragged over the window right now (for the drop zone's highlight). */
export const dragging = $state({ active: false, count: 0 });
/** Set when files were dropped where no screen takes them. */
export const strayDrop = $state({ names: [] as string[] });

const handlers: DropHandler[] = [];
let started = false;

/** The screen's handler for dropped files while it is shown; returns the function that removes it. */
export function onDrop(handler: DropHandler): () => void {
  handlers.push(handler);
  return () => {
    const i = handlers.lastIndexOf(handler);
    if (i >= 0) handlers.splice(i, 1);
  };
}

export function handleWindowMessage(m: WindowMessage): void | Promise<void> {
  switch (m.event) {
    case 'drag-enter':
      dragging.active = true;
      dragging.count = m.count;
      return;
    case 'drag-leave':
      dragging.active = false;
      return;
    case 'drop': {
      dragging.active = false;
      const handler = handlers[handlers.length - 1];
      if (handler) {
        strayDrop.names = [];
        handler({ id: m.id, names: m.names });
      } else {
        strayDrop.names = m.names;
      }
      return;
    }
    case 'close-requested':
      return closeWhenSaved();
  }
}

async function closeWhenSaved(): Promise<void> {
  await flushAll();
  await api.closeWindow().catch(() => {
    // Rust closes the window by itself after a grace period.
  });
}

/** Starts listening once per page load; without a desktop back end it quietly does nothing. */
export async function watchWindow(): Promise<void> {
  if (started) return;
  started = true;
  try {
    await api.watchWindow((m) => void handleWindowMessage(m));
  } catch {
    started = false;
  }
}
