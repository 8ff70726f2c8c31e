// Pure helpers of the case screens: reasons as sentences with criterion numbers, the decision a
// suggestion stands for, drafts, paths and formats.
import { afterEach, describe, expect, it } from 'vitest';
import { clearDraft, draftKey, readDraft, writeDraft } from './drafts';
import { decisionFor, levelShort, reasonText } from './labels';
import { caseHref, personHref, positiveParam } from './paths';
import { formatDay, formatElapsed, formatSize } from './text';

const num = (id: string) => ({ c1: '1', c2: '2' })[id] ?? id;

describe('reasons', () => {
  it('name criteria by their number in every language', () => {
    const r = { code: 'rated-below', criterion: 'c2', rating: 'does-not-meet' } as const;
    expect(reasonText(r, num, 'fi')).toBe('Kriteeri 2 on pakollinen, ja sen arvio on: ei täyty.');
    expect(reasonText(r, num, 'sv')).toBe('Kriterium 2 är obligatoriskt och bedömdes: uppfylls inte.');
    expect(reasonText(r, num, 'en')).toBe('Criterion 2 is mandatory and was rated: does not meet.');
    expect(reasonText({ code: 'criteria-met', criteria: ['c1', 'c2'] }, num, 'en')).toBe(
      'Met with sufficient evidence: criteria 1, 2.',
    );
    expect(
      reasonText({ code: 'discrepancy', criterion: 'c1', self_level: 4, rating: 'does-not-meet', direction: 'self-higher' }, num, 'fi'),
    ).toBe('Kriteeri 1: itsearvio ”Osaan ohjata muita”, arvio ”Ei täyty” – keskustelkaa erosta.');
  });

  it('preselect the decision that follows the suggestion', () => {
    expect(decisionFor('recognise')).toBe('recognised');
    expect(decisionFor('partially')).toBe('partially-recognised');
    expect(decisionFor('not-yet')).toBe('not-yet');
  });

  it('write a level with its number, and “can’t say” without one', () => {
    expect(levelShort(3, 'fi')).toBe('3 – Osaan itsenäisesti');
    expect(levelShort('unsure', 'sv')).toBe('Jag kan inte säga');
  });
});

describe('drafts', () => {
  const store = new Map<string, string>();
  (globalThis as unknown as { localStorage: Partial<Storage> }).localStorage = {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  };

  afterEach(() => store.clear());

  it('keep text per case and field, and an empty text removes the draft', () => {
    const key = draftKey('note', 'case 1', 'c/1');
    expect(key).toBe('osaava:draft:note:case%201:c%2F1');
    writeDraft(key, 'kesken');
    expect(readDraft(key)).toBe('kesken');
    writeDraft(key, '  ');
    expect(store.has(key)).toBe(false);
    writeDraft(key, 'taas');
    clearDraft(key);
    expect(readDraft(key)).toBe('');
  });
});

describe('paths and formats', () => {
  it('encode ids in paths and read whole numbers from the query', () => {
    expect(caseHref('a/b')).toBe('/cases/a%2Fb');
    expect(caseHref('x', 'interview')).toBe('/cases/x/interview');
    expect(personHref('p 1')).toBe('/people/p%201');
    expect(positiveParam(new URLSearchParams('step=3'), 'step')).toBe(3);
    for (const bad of ['step=0', 'step=-1', 'step=2.5', 'step=x', '']) {
      expect(positiveParam(new URLSearchParams(bad), 'step')).toBeUndefined();
    }
  });

  it('format elapsed time, days and sizes', () => {
    expect(formatElapsed(0)).toBe('0:00');
    expect(formatElapsed(65_400)).toBe('1:05');
    expect(formatElapsed(3_729_000)).toBe('1:02:09');
    expect(formatDay('2026-03-14', 'fi')).toBe('14.3.2026');
    expect(formatDay('2026-03-14', 'en')).toBe('14/03/2026');
    expect(formatDay('not a day', 'fi')).toBe('not a day');
    expect(formatSize(820, 'en')).toBe('820 B');
    expect(formatSize(14_200n, 'en')).toBe('14 kB');
    expect(formatSize(3_240_000, 'fi')).toBe('3,2 MB');
  });
});
