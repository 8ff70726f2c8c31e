// The three message catalogues must say the same things: same keys, same {params}. Paraglide
// compiles a message missing in one language to its bare key, so parity is checked here.
import { describe, expect, it } from 'vitest';
import { m } from '$lib/paraglide/messages';
import en from '../../../messages/en.json';
import fi from '../../../messages/fi.json';
import sv from '../../../messages/sv.json';

const LANGS = ['fi', 'sv', 'en'] as const;
type Catalogue = Record<string, unknown>;

const catalogues: Record<(typeof LANGS)[number], Catalogue> = { fi, sv, en };

const keys = (c: Catalogue) => Object.keys(c).filter((k) => k !== '$schema').sort();

/** Every {param} a message uses, in its text or in any plural variant. */
function params(message: unknown): string[] {
  const found = new Set<string>();
  const scan = (s: string) => {
    for (const [, p] of s.matchAll(/\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/g)) found.add(p);
  };
  if (typeof message === 'string') scan(message);
  else if (Array.isArray(message)) {
    for (const v of message as { declarations?: string[]; match?: Record<string, string> }[]) {
      for (const d of v.declarations ?? []) {
        const input = /^input\s+(\w+)$/.exec(d);
        if (input) found.add(input[1]);
      }
      for (const text of Object.values(v.match ?? {})) scan(text);
    }
  } else throw new Error(`unexpected message shape: ${JSON.stringify(message)}`);
  return [...found].sort();
}

describe('message catalogues', () => {
  it('have exactly the same keys in fi, sv and en', () => {
    const fi = keys(catalogues.fi);
    expect(fi.length).toBeGreaterThan(50);
    for (const lang of ['sv', 'en'] as const) {
      const other = keys(catalogues[lang]);
      expect({ lang, missing: fi.filter((k) => !other.includes(k)), extra: other.filter((k) => !fi.includes(k)) }).toEqual({
        lang,
        missing: [],
        extra: [],
      });
    }
  });

  it('use the same {params} in every language', () => {
    const mismatches = keys(catalogues.fi).flatMap((k) => {
      const fi = params(catalogues.fi[k]);
      return (['sv', 'en'] as const)
        .filter((lang) => JSON.stringify(params(catalogues[lang][k])) !== JSON.stringify(fi))
        .map((lang) => `${k}: fi ${JSON.stringify(fi)} vs ${lang} ${JSON.stringify(params(catalogues[lang][k]))}`);
    });
    expect(mismatches).toEqual([]);
  });

  it('have no empty texts', () => {
    const empty = LANGS.flatMap((lang) =>
      keys(catalogues[lang]).filter((k) => typeof catalogues[lang][k] === 'string' && !(catalogues[lang][k] as string).trim()).map((k) => `${lang}.${k}`),
    );
    expect(empty).toEqual([]);
  });

  it('are all compiled by Paraglide, each to a real text in each language', () => {
    const messages = m as unknown as Record<string, (inputs: object, options: { locale: string }) => string>;
    // A value for every {param} any message uses: numbers (plurals need them) named by index.
    const names = [...new Set(LANGS.flatMap((l) => keys(catalogues[l]).flatMap((k) => params(catalogues[l][k]))))];
    const inputs = Object.fromEntries(names.map((n, i) => [n, i + 1]));
    const problems: string[] = [];
    for (const k of keys(catalogues.fi)) {
      if (typeof messages[k] !== 'function') {
        problems.push(`${k}: not compiled`);
        continue;
      }
      for (const locale of LANGS) {
        const text = messages[k](inputs, { locale });
        if (!text || text === k || text.includes('undefined')) problems.push(`${locale}.${k}: ${JSON.stringify(text)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('put the parameters into the text and pick plural forms', () => {
    expect(m.import_summary({ new: 3, unchanged: 1 }, { locale: 'fi' })).toBe('Uusia merkkejä: 3. Ennallaan: 1.');
    expect(m.validity_value({ years: 1 }, { locale: 'fi' })).toBe('1 vuosi');
    expect(m.validity_value({ years: 3 }, { locale: 'fi' })).toBe('3 vuotta');
    expect(m.validity_value({ years: 1 }, { locale: 'en' })).toBe('1 year');
    expect(m.validity_value({ years: 3 }, { locale: 'en' })).toBe('3 years');
    expect(m.evidence_currency_value({ years: 5 }, { locale: 'sv' })).toBe('högst 5 år gammal');
  });

  it('differ between languages for the texts a user reads first', () => {
    for (const k of ['nav_badges', 'search_label', 'import_button', 'criteria_heading'] as const) {
      const texts = LANGS.map((locale) => m[k]({}, { locale }));
      expect(new Set(texts).size, `${k}: ${texts.join(' / ')}`).toBe(3);
    }
  });
});
