// The UI language: one piece of rune state that every Paraglide message reads through
// getLocale(), so changing it re-renders every visible text. The starting value comes from the
// back end's settings (derived from the OS locale on first start); choosing a language in the
// UI saves it with set_language.
import { overwriteGetLocale, overwriteSetLocale } from '$lib/paraglide/runtime';
import type { Lang } from '$lib/bindings/Lang';
import { isLang } from '$lib/text';

export { m } from '$lib/paraglide/messages';

let current = $state<Lang>('fi');

overwriteGetLocale(() => current);
// Paraglide's own setLocale would reload the page; ours only changes the state.
overwriteSetLocale((locale) => {
  if (isLang(locale)) applyLang(locale);
});

function applyLang(lang: Lang) {
  current = lang;
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

export const i18n = {
  /** The current UI language (reactive). */
  get lang(): Lang {
    return current;
  },
  set lang(lang: Lang) {
    applyLang(lang);
  },
};

/**
 * Switches the UI to `lang` at once and saves the choice in the back end's settings. On failure
 * the previous language comes back and the error is thrown for the caller to show.
 */
export async function chooseLanguage(lang: Lang, save: (lang: Lang) => Promise<{ language: Lang }>): Promise<void> {
  const previous = current;
  applyLang(lang);
  try {
    const saved = await save(lang);
    applyLang(saved.language);
  } catch (e) {
    applyLang(previous);
    throw e;
  }
}
