// Pure helpers for showing back-end data; no Svelte, no IPC, so Vitest can test them directly.
import type { Alignment } from './bindings/Alignment';
import type { Lang } from './bindings/Lang';
import type { LocalizedText } from './bindings/LocalizedText';

export const LANGS: readonly Lang[] = ['fi', 'sv', 'en'];

/** Each language's name in itself, as the language switcher shows it. */
export const LANG_NAMES: Record<Lang, string> = { fi: 'Suomi', sv: 'Svenska', en: 'English' };

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/**
 * The text in `lang`, else in the first of fi, sv, en that has one (the project's fallback
 * order). Also returns which language was used, so the UI can mark text in another language
 * with a `lang` attribute for screen readers.
 */
export function pick(text: LocalizedText | null | undefined, lang: Lang): { text: string; lang: Lang } {
  if (text) {
    for (const l of [lang, 'fi', 'sv', 'en'] as const) {
      const t = text[l]?.trim();
      if (t) return { text: t, lang: l };
    }
  }
  return { text: '', lang };
}

/** The text in `lang` with the fi → sv → en fallback; '' when there is none. */
export function localized(text: LocalizedText | null | undefined, lang: Lang): string {
  return pick(text, lang).text;
}

/**
 * The part of a code a person recognises: `tutkinnonosat_106228` → `106228`,
 * `osaamismerkit_1234` → `1234`; any other code as it is.
 */
export function shortCode(code: string | undefined): string {
  if (!code) return '';
  const m = /^(?:tutkinnonosat|osaamismerkit|koulutus)_(.+)$/.exec(code);
  return m ? m[1] : code;
}

/**
 * Alignments that the library can be filtered by (qualification units and national badges with a
 * code), one per code, sorted by code.
 */
export function filterableAlignments(badges: { alignments: Alignment[] }[]): Alignment[] {
  const byCode = new Map<string, Alignment>();
  for (const b of badges) {
    for (const a of b.alignments) {
      if (!a.code || (a.kind !== 'qualification-unit' && a.kind !== 'national-badge')) continue;
      if (!byCode.has(a.code)) byCode.set(a.code, a);
    }
  }
  return [...byCode.values()].sort((a, b) => (a.code ?? '').localeCompare(b.code ?? '', 'fi', { numeric: true }));
}

/** A date and time from the back end (RFC 3339) as the user's locale writes a date. */
export function formatDate(rfc3339: string, lang: Lang): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  const locale = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' }[lang];
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'numeric', year: 'numeric' }).format(d);
}
