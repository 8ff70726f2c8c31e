// Pure helpers for showing back-end data; no Svelte, no IPC, so Vitest can test them directly.
import type { Alignment } from './bindings/Alignment';
import type { Lang } from './bindings/Lang';
import type { LocalizedText } from './bindings/LocalizedText';
import { m } from './paraglide/messages';

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

const LOCALES = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' } as const;

/** A date and time from the back end as the user's locale writes them. */
export function formatDateTime(rfc3339: string, lang: Lang): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  return new Intl.DateTimeFormat(LOCALES[lang], {
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);
}

/** A plain date (YYYY-MM-DD) as the user's locale writes it. */
export function formatDay(day: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(LOCALES[lang], { day: 'numeric', month: 'numeric', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/** Elapsed time as a stopwatch shows it: 4:05, 1:02:09. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/**
 * A duration in whole minutes as a person writes it, in `lang`: 45 min, 1 h, 1 h 5 min, 12 h 30 min
 * (units from the messages; a part that is zero is left out, and nothing at all is "0 min").
 * Fractions of a minute are rounded; a negative or unknown duration is shown as 0 min.
 */
export function formatDuration(minutes: number | bigint, lang: Lang): string {
  const n = Number(minutes);
  const total = Number.isFinite(n) && n > 0 ? Math.round(n) : 0;
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  const o = { locale: lang };
  if (hours === 0) return m.duration_minutes({ minutes: rest }, o);
  if (rest === 0) return m.duration_hours({ hours }, o);
  return m.duration_hours_minutes({ hours, minutes: rest }, o);
}

/** Today in the local time zone as YYYY-MM-DD (the largest date an evidence date may have). */
export function today(now = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
}

/** Bytes as a person reads a file size: 820 B, 14 kB, 3.2 MB (in the locale's number format). */
export function formatSize(bytes: number | bigint, lang: Lang): string {
  const n = Number(bytes);
  const f = (v: number, digits: number) =>
    new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: digits }).format(v);
  if (n < 1000) return `${f(n, 0)} B`;
  if (n < 1_000_000) return `${f(n / 1000, 0)} kB`;
  return `${f(n / 1_000_000, 1)} MB`;
}
