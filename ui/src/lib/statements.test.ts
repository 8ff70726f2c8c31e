// The statement stage's UI helpers: status names, fingerprints for reading aloud, and the back
// end's refusals said in the user's language (matched on the messages osaava-api really sends).
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from './bindings/ErrorCode';
import type { StatementView } from './bindings/StatementView';
import { commonName, currentStatement, defaultStatement, groupFingerprint, knownError, statementStatus } from './statements';

const base: StatementView = {
  id: 's1',
  case: 'c1',
  issued_at: '2026-12-04T15:35:53Z',
  issued_by: 'p1',
  language: 'fi',
  employee: 'Åsa Mäkelä-Öhman',
  badge_name: 'Muistisairaan asiakkaan kohtaaminen',
  decision: 'recognised',
  pdf_sha256: 'ab'.repeat(32),
  file_name: 'lausunto.pdf',
};

describe('statement status', () => {
  it('is revoked before superseded, and current otherwise', () => {
    expect(statementStatus(base)).toBe('current');
    expect(statementStatus({ ...base, superseded_by: 's2' })).toBe('superseded');
    const revoked = { revoked_at: '2026-12-05T08:00:00Z', revoked_by: 'desktop', reason: 'Väärä henkilö' };
    expect(statementStatus({ ...base, superseded_by: 's2', revoked })).toBe('revoked');
  });

  it('shows the statement in force first, else the newest', () => {
    const newest = { ...base, id: 's3', revoked: { revoked_at: 'x', revoked_by: 'y', reason: 'z' } };
    const inForce = { ...base, id: 's2' };
    const old = { ...base, id: 's1', superseded_by: 's2' };
    expect(currentStatement([newest, inForce, old])?.id).toBe('s2');
    expect(defaultStatement([newest, inForce, old])?.id).toBe('s2');
    expect(currentStatement([newest, old])).toBeNull();
    expect(defaultStatement([newest, old])?.id).toBe('s3');
    expect(defaultStatement([])).toBeNull();
  });
});

describe('certificates as read by people', () => {
  it('groups a fingerprint in fours, whatever separators it came with', () => {
    expect(groupFingerprint('CA8A60F2:8d5b4c1d')).toBe('ca8a 60f2 8d5b 4c1d');
    expect(groupFingerprint('ca8a60f28d5b4c1d533b837e3dcbf79411fa5e52b17ec22f4bb42dadc080846e').split(' ')).toHaveLength(16);
  });

  it('takes the common name from a subject, escaped commas included', () => {
    expect(commonName('CN=Sirkka Väänänen,title=sairaanhoitaja (AMK)\\, vastaava ohjaaja,O=Kielo Oy,C=FI')).toBe('Sirkka Väänänen');
    expect(commonName('CN=Virtanen\\, Maija,O=X')).toBe('Virtanen, Maija');
    expect(commonName('O=No Name Oy,C=FI')).toBe('O=No Name Oy,C=FI');
  });
});

describe('known refusals', () => {
  // The messages as osaava-api words them (crates/osaava-api/src/statements, people.rs, osaava-core org.rs).
  const badInput = (message: string) => ({ kind: 'bad-input' as const, message });

  it('says a wrong passphrase in the user language, and the PKCS#12 one apart from the keys one', () => {
    const keys = badInput("wrong passphrase: the organisation's keys could not be unlocked (OSAAVA_PASSPHRASE or the prompt)");
    expect(knownError(keys, 'fi')).toMatch(/^Tunnuslause on väärä/);
    expect(knownError(keys, 'sv')).toMatch(/^Lösenfrasen är fel/);
    expect(knownError(keys, 'en')).toMatch(/^The passphrase is wrong/);
    expect(knownError(badInput('wrong passphrase for the PKCS#12 file'), 'en')).toMatch(/PKCS#12 file's passphrase is wrong/);
  });

  it('carries the minimum length from the back end into the message', () => {
    const e = badInput('the passphrase must have at least 8 characters: it protects the keys that sign statements');
    expect(knownError(e, 'fi')).toContain('vähintään 8 merkkiä');
    expect(knownError(e, 'en')).toContain('at least 8 characters');
  });

  it('knows the place, organisation, business ID, keys and revocation refusals', () => {
    const cases: [string, RegExp][] = [
      ['give the place of the assessment (a town, e.g. --place Jyväskylä); it is printed beside the date', /town/],
      ['set the organisation first: `osaava org set --name NAME --business-id 1234567-8`', /business ID first/],
      ['this data dir has no signing keys yet: run `osaava init` (or import a PKCS#12 file) first', /no signing keys yet/],
      ['this data dir already has signing keys; import a PKCS#12 file into a new data dir', /already has signing keys/],
      ['a business ID has the form 1234567-8 (seven digits, a hyphen, a check digit), got "123"', /has the form 1234567-8/],
      ['business ID 1234567-1: the check digit should be 8', /check digit does not match/],
      ['give the reason for revoking (--reason): the college sees it', /reason for revoking/],
      ['statement 01a2 was already revoked on 2026-12-05T08:00:00Z: x', /already been revoked/],
    ];
    for (const [message, want] of cases) expect(knownError(badInput(message), 'en'), message).toMatch(want);
    // No CLI words (--place, `osaava init`) reach the user.
    for (const [message] of cases) expect(knownError(badInput(message), 'fi')).not.toMatch(/--|osaava /);
  });

  it('leaves anything else, and every internal error, as the back end said it', () => {
    expect(knownError(badInput('statement.pdf: not a PDF file'), 'fi')).toBeNull();
    expect(knownError({ kind: 'internal', message: 'wrong passphrase' }, 'fi')).toBeNull();
  });

  it("goes by the refusal's code first, whatever its message says", () => {
    const coded = (code: ErrorCode, message = 'reworded in a later version', params?: Record<string, string>) => ({
      ...badInput(message),
      code,
      params,
    });
    expect(knownError(coded('wrong-passphrase'), 'sv')).toMatch(/^Lösenfrasen är fel/);
    expect(knownError(coded('pkcs12-wrong-passphrase', 'wrong passphrase'), 'en')).toMatch(/PKCS#12 file's passphrase is wrong/);
    expect(knownError(coded('passphrase-too-short', 'x', { min: '12' }), 'fi')).toContain('vähintään 12 merkkiä');
    expect(knownError(coded('pkcs12-unreadable'), 'en')).toMatch(/PKCS#12 file could not be used/);
    // A coded refusal and the same refusal matched on its message say the same sentence.
    const message = "wrong passphrase: the organisation's keys could not be unlocked (OSAAVA_PASSPHRASE or the prompt)";
    for (const lang of ['fi', 'sv', 'en'] as const) {
      expect(knownError(coded('wrong-passphrase', message), lang)).toBe(knownError(badInput(message), lang));
    }
  });
});
