// Text that is not saved to the back end yet (an interview note being written, an example typed
// before a level is chosen, a decision's justification) is kept in the webview's local storage
// on this computer, so it survives a crash or a closed window and is there when the screen opens
// again. A draft is removed as soon as its text is saved.

const PREFIX = 'osaava:draft:';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The key of one draft: what it is and where it belongs, e.g. draftKey('note', caseId, criterion). */
export function draftKey(...parts: string[]): string {
  return PREFIX + parts.map((p) => encodeURIComponent(p)).join(':');
}

export function readDraft(key: string): string {
  return storage()?.getItem(key) ?? '';
}

/** Keeps `text` (an empty text removes the draft). */
export function writeDraft(key: string, text: string): void {
  const s = storage();
  if (!s) return;
  try {
    if (text.trim() === '') s.removeItem(key);
    else s.setItem(key, text);
  } catch {
    // A full or disabled storage: the text is still on the screen and saved to the back end later.
  }
}

export function clearDraft(key: string): void {
  storage()?.removeItem(key);
}
