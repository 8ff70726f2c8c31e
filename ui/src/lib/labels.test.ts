import { describe, expect, it } from 'vitest';
import { alignmentKindName, evidenceKindName, evidencePhrase, sourceFormatName } from './labels';

describe('evidence requirement phrasing', () => {
  const req = { min_items: 2, kinds: ['observation', 'third-party-statement'] as const };

  it('names the count and the accepted kinds in each language', () => {
    expect(evidencePhrase({ ...req, kinds: [...req.kinds] }, 'en')).toBe('at least 2: observation, third-party statement');
    expect(evidencePhrase({ ...req, kinds: [...req.kinds] }, 'fi')).toBe('vähintään 2: havainnointi, kolmannen osapuolen lausunto');
    expect(evidencePhrase({ ...req, kinds: [...req.kinds] }, 'sv')).toBe('minst 2: observation, utlåtande av tredje part');
  });

  it('says "any kind" when no kinds are listed', () => {
    expect(evidencePhrase({ min_items: 1, kinds: [] }, 'en')).toBe('at least 1, of any kind');
    expect(evidencePhrase({ min_items: 3, kinds: [] }, 'fi')).toBe('vähintään 3, mitä tahansa näytön lajia');
  });

  it('keeps the order the badge gives and names each kind once', () => {
    expect(evidencePhrase({ min_items: 1, kinds: ['work-sample', 'document', 'work-sample'] }, 'en')).toBe(
      'at least 1: work sample, document',
    );
  });

  it('has a name for every evidence kind in every language', () => {
    const kinds = ['interview-answer', 'observation', 'document', 'work-sample', 'third-party-statement', 'prior-certificate'] as const;
    const names = (lang: 'fi' | 'sv' | 'en') => kinds.map((k) => evidenceKindName(k, lang));
    expect(names('fi')).toEqual(['haastatteluvastaus', 'havainnointi', 'asiakirja', 'työnäyte', 'kolmannen osapuolen lausunto', 'aiempi todistus']);
    expect(names('sv')).toEqual(['intervjusvar', 'observation', 'dokument', 'arbetsprov', 'utlåtande av tredje part', 'tidigare intyg']);
    expect(names('en')).toEqual(['interview answer', 'observation', 'document', 'work sample', 'third-party statement', 'prior certificate']);
  });
});

describe('format and alignment names', () => {
  it('names source formats', () => {
    expect(sourceFormatName('open-badges-3', 'fi')).toBe('Open Badges 3.0');
    expect(sourceFormatName('eperusteet-unit', 'fi')).toBe('ePerusteet-tutkinnon osa');
    expect(sourceFormatName('osaava-template', 'sv')).toBe('Osaava-mall');
  });

  it('names alignment kinds', () => {
    expect(alignmentKindName('qualification-unit', 'fi')).toBe('Tutkinnon osa');
    expect(alignmentKindName('national-badge', 'en')).toBe('National badge');
  });
});
