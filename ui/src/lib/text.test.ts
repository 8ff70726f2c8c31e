import { describe, expect, it } from 'vitest';
import type { Alignment } from './bindings/Alignment';
import { filterableAlignments, formatDate, formatDuration, isLang, localized, pick, shortCode } from './text';

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

describe('durations', () => {
  it('leaves out a part that is zero, as a person writes it', () => {
    expect(formatDuration(45, 'fi')).toBe('45 min');
    expect(formatDuration(60, 'fi')).toBe('1 h');
    expect(formatDuration(65, 'fi')).toBe('1 h 5 min');
    expect(formatDuration(120, 'fi')).toBe('2 h');
    expect(formatDuration(750, 'fi')).toBe('12 h 30 min');
    expect(formatDuration(1, 'fi')).toBe('1 min');
  });

  it('says it in each language with the same units as the rest of the app', () => {
    for (const lang of ['fi', 'sv', 'en'] as const) {
      expect(formatDuration(45, lang)).toBe('45 min');
      expect(formatDuration(60, lang)).toBe('1 h');
      expect(formatDuration(65, lang)).toBe('1 h 5 min');
    }
  });

  it('shows nothing, a negative or an unknown duration as 0 min, and rounds fractions', () => {
    expect(formatDuration(0, 'fi')).toBe('0 min');
    expect(formatDuration(-5, 'en')).toBe('0 min');
    expect(formatDuration(Number.NaN, 'sv')).toBe('0 min');
    expect(formatDuration(59.6, 'fi')).toBe('1 h');
    expect(formatDuration(90n, 'en')).toBe('1 h 30 min');
  });

  it('never writes "0 min" after the hours (the old "1 h 0 min")', () => {
    for (let minutes = 60; minutes <= 600; minutes += 60) expect(formatDuration(minutes, 'fi')).not.toMatch(/0 min/);
  });
});
