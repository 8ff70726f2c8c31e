// The one module that talks to the Rust back end. Every Tauri command the UI uses has one typed
// function here; the types are generated from the Rust DTOs by ts-rs (src/lib/bindings/).
import { invoke } from '@tauri-apps/api/core';
import type { ApiError } from './bindings/ApiError';
import type { BadgeDetail } from './bindings/BadgeDetail';
import type { BadgeSummary } from './bindings/BadgeSummary';
import type { ImportReport } from './bindings/ImportReport';
import type { Lang } from './bindings/Lang';
import type { ListBadgesRequest } from './bindings/ListBadgesRequest';
import type { Settings } from './bindings/Settings';
import type { ShowBadgeRequest } from './bindings/ShowBadgeRequest';

export type { ApiError };

const ERROR_KINDS = new Set(['bad-input', 'not-found', 'conflict', 'verification-failed', 'internal']);

/** Whether `e` has the shape of the back end's ApiError. */
export function isApiError(e: unknown): e is ApiError {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as ApiError).message === 'string' &&
    ERROR_KINDS.has((e as ApiError).kind)
  );
}

/**
 * Turns whatever a rejected invoke gave us into an ApiError. The back end rejects with an
 * ApiError; anything else (a missing command, a broken IPC bridge) becomes an internal error.
 */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return e;
  if (e instanceof Error) return { kind: 'internal', message: e.message };
  return { kind: 'internal', message: typeof e === 'string' ? e : JSON.stringify(e) };
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toApiError(e);
  }
}

/** Strips empty fields so the back end sees "absent", not "". */
function listRequest(request: ListBadgesRequest): ListBadgesRequest {
  const out: ListBadgesRequest = {};
  const query = request.query?.trim();
  if (query) out.query = query;
  if (request.alignment) out.alignment = request.alignment;
  return out;
}

export const api = {
  listBadges: (request: ListBadgesRequest = {}) =>
    call<BadgeSummary[]>('list_badges', { request: listRequest(request) }),

  showBadge: (request: ShowBadgeRequest) => call<BadgeDetail>('show_badge', { request }),

  /** Opens the native file dialog in Rust; null when the user cancelled it. */
  importBadgesDialog: () => call<ImportReport | null>('import_badges_dialog'),

  getSettings: () => call<Settings>('get_settings'),

  setLanguage: (language: Lang) => call<Settings>('set_language', { request: { language } }),
};
