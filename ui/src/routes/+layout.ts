// A single-page app inside Tauri: nothing is rendered on a server or prerendered.
import { api } from '$lib/api';
import { i18n } from '$lib/i18n/index.svelte';
import { loadProfile } from '$lib/profile.svelte';
import type { Settings } from '$lib/bindings/Settings';

export const ssr = false;
export const prerender = false;
export const trailingSlash = 'never';

let settings: Settings | null = null;

export async function load() {
  // The language comes from the back end once per start; later loads reuse it so that a
  // navigation does not undo a language the user just chose.
  let startupError: string | null = null;
  if (!settings) {
    try {
      settings = await api.getSettings();
      i18n.lang = settings.language;
    } catch (e) {
      startupError = (e as { message?: string }).message ?? String(e);
    }
  }
  await loadProfile();
  return { startupError };
}
