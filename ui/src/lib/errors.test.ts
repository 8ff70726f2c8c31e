// Every refusal code the back end can send has its sentence in fi, sv and en: the codes are read
// from the generated binding (ErrorCode.ts, written by ts-rs from osaava-api), so a code added in
// Rust without its texts fails here.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from './bindings/ErrorCode';
import { codeMessage, messageKey } from './errors';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** The string literals of `export type ErrorCode = "a" | "b" | …;` in the generated binding. */
function errorCodes(): ErrorCode[] {
  const src = readFileSync(here('./bindings/ErrorCode.ts'), 'utf8');
  const union = /export type ErrorCode\s*=([^;]*);/.exec(src);
  if (!union) throw new Error('ErrorCode.ts has no `export type ErrorCode = …;`');
  const codes = [...union[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]);
  // Nothing but string literals and bars: a changed binding shape must not read as fewer codes.
  expect(union[1].replace(/"[^"]+"/g, '').replace(/[\s|]/g, '')).toBe('');
  return codes as ErrorCode[];
}

const LANGS = ['fi', 'sv', 'en'] as const;
const messages = Object.fromEntries(
  LANGS.map((l) => [l, JSON.parse(readFileSync(here(`../../messages/${l}.json`), 'utf8')) as Record<string, unknown>]),
) as Record<(typeof LANGS)[number], Record<string, unknown>>;

/** Keys with the prefix that are not a code's sentence. */
const NOT_CODES = new Set(['error_code_technical_details']);

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();

describe('error codes', () => {
  const codes = errorCodes();

  it('are read from the binding', () => {
    expect(codes.length).toBeGreaterThan(30);
    expect(codes).toContain('rating-needs-rationale');
    expect(new Set(codes).size).toBe(codes.length);
  });

  for (const lang of LANGS) {
    it(`each has a sentence in ${lang}`, () => {
      const missing = codes.filter((c) => {
        const text = messages[lang][messageKey(c)];
        return typeof text !== 'string' || !text.trim();
      });
      expect(missing, `codes without an ${lang} sentence`).toEqual([]);
    });
  }

  it('name the same values in every language', () => {
    for (const c of codes) {
      const key = messageKey(c);
      const en = placeholders(String(messages.en[key]));
      for (const lang of ['fi', 'sv'] as const) expect(placeholders(String(messages[lang][key])), `${lang} ${key}`).toEqual(en);
    }
  });

  it('leave no sentence behind for a code that is gone', () => {
    for (const lang of LANGS) {
      const stale = Object.keys(messages[lang])
        .filter((k) => k.startsWith('error_code_') && !NOT_CODES.has(k))
        .filter((k) => !codes.some((c) => messageKey(c) === k));
      expect(stale, lang).toEqual([]);
    }
  });

  it('are said through the compiled messages, in the language asked for, with their values', () => {
    for (const c of codes) {
      const said = LANGS.map((l) => codeMessage({ code: c, params: { max_mb: '50', min: '8', max: '4000' } }, l));
      for (const s of said) expect(s, c).toBeTruthy();
      // Each language its own sentence (a missing one would fall back to the base language).
      expect(new Set(said).size, c).toBe(3);
      for (const s of said) expect(s, c).not.toMatch(/\{\w+\}|undefined/);
    }
    const too = codeMessage({ code: 'evidence-too-large', params: { max_mb: '50' } }, 'sv');
    expect(too).toContain('högst 50 MB');
    expect(codeMessage({ code: 'rating-needs-rationale' }, 'sv')).toMatch(/^Skriv en motivering/);
    expect(codeMessage({ code: 'rating-needs-rationale' }, 'fi')).toMatch(/^Kirjoita arviolle perustelu/);
  });

  it('without a code, or with one this UI does not know, leave the English message to be shown', () => {
    expect(codeMessage({})).toBeNull();
    expect(codeMessage({ code: 'no-such-code' as ErrorCode }, 'fi')).toBeNull();
  });
});
