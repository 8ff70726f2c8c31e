import { describe, expect, it } from 'vitest';
import type { Alignment } from './bindings/Alignment';
import { filterableAlignments, formatDate, isLang, localized, pick, shortCode } from './text';

describe('LocalizedText fallback', () => {
  const all = { fi: 'Ravitsemus ja nesteytys', sv: 'Nutrition och vätskebalans', en: 'Nutrition and hydration' };

  it('shows the UI language when the text has it', () => {
    expect(localized(all, 'fi')).toBe('Ravitsemus ja nesteytys');
    expect(localized(all, 'sv')).toBe('Nutrition och vätskebalans');
    expect(localized(all, 'en')).toBe('Nutrition and hydration');
  });

  it('falls back fi → sv → en', () => {
    expect(localized({ sv: 'Svensk', en: 'English' }, 'en')).toBe('English');
    expect(localized({ fi: 'Suomi', sv: 'Svensk' }, 'en')).toBe('Suomi');
    expect(localized({ sv: 'Svensk', en: 'English' }, 'fi')).toBe('Svensk');
    expect(localized({ en: 'English' }, 'sv')).toBe('English');
    expect(localized({ fi: 'Suomi', en: 'English' }, 'sv')).toBe('Suomi');
  });

  it('skips empty and blank texts', () => {
    expect(localized({ fi: '', sv: '  ', en: 'English' }, 'fi')).toBe('English');
    expect(localized({ en: '   ' }, 'fi')).toBe('');
  });

  it('gives an empty string when there is no text at all', () => {
    expect(localized({}, 'fi')).toBe('');
    expect(localized(undefined, 'sv')).toBe('');
    expect(localized(null, 'en')).toBe('');
  });

  it('tells which language the shown text is in', () => {
    expect(pick({ fi: 'Suomi' }, 'en')).toEqual({ text: 'Suomi', lang: 'fi' });
    expect(pick({ fi: 'Suomi', en: 'English' }, 'en')).toEqual({ text: 'English', lang: 'en' });
  });
});

describe('codes and alignments', () => {
  it('shortens koodisto codes to their number', () => {
    expect(shortCode('tutkinnonosat_106228')).toBe('106228');
    expect(shortCode('osaamismerkit_1234')).toBe('1234');
    expect(shortCode('koulutus_371101')).toBe('371101');
    expect(shortCode('http://data.europa.eu/esco/skill/abc')).toBe('http://data.europa.eu/esco/skill/abc');
    expect(shortCode(undefined)).toBe('');
  });

  it('offers each qualification unit and national badge once, by code', () => {
    const unit = (code: string, fi: string): Alignment => ({ kind: 'qualification-unit', code, name: { fi }, competence_points: 35 });
    const badges = [
      { alignments: [unit('tutkinnonosat_107502', 'B'), unit('tutkinnonosat_106228', 'A')] },
      { alignments: [unit('tutkinnonosat_106228', 'A'), { kind: 'framework', name: { fi: 'THL' } } as Alignment] },
      { alignments: [{ kind: 'national-badge', code: 'osaamismerkit_9', name: { fi: 'C' } } as Alignment] },
      { alignments: [{ kind: 'esco-skill', code: 'http://esco/1', name: { en: 'D' } } as Alignment] },
    ];
    expect(filterableAlignments(badges).map((a) => a.code)).toEqual([
      'osaamismerkit_9',
      'tutkinnonosat_106228',
      'tutkinnonosat_107502',
    ]);
  });
});

describe('dates and languages', () => {
  it('writes dates the way each language does', () => {
    expect(formatDate('2026-03-05T10:00:00Z', 'fi')).toBe('5.3.2026');
    expect(formatDate('2026-03-05T10:00:00Z', 'en')).toBe('05/03/2026');
    expect(formatDate('not a date', 'fi')).toBe('not a date');
  });

  it('knows the three languages and nothing else', () => {
    expect(['fi', 'sv', 'en'].every(isLang)).toBe(true);
    expect(isLang('de')).toBe(false);
    expect(isLang(undefined)).toBe(false);
  });
});
