// Cases for the browser tests, made through the real CLI on a data dir of their own: an employee,
// an assessor and a case on the starter first-aid badge, plus helpers to read back what the back
// end stored (`case show`), so a test checks what was saved, not what the screen says.
import { fresh, writeFile } from './fixtures.mjs';

export const BADGE = 'osaava-first-aid';

/**
 * A fresh data dir with Maija (employee), Aino (assessor) and a case of Maija's assessed by Aino.
 * `names` overrides the people's names (for hostile-text tests).
 */
export function caseSetup(name, { employeeName = 'Maija Virtanen', assessorName = 'Aino Arvioija', language = 'fi' } = {}) {
  const data = fresh(name);
  const employee = data.person(employeeName, 'employee', { title: 'lähihoitaja' });
  const assessor = data.person(assessorName, 'assessor', { title: 'sairaanhoitaja' });
  const caseId = data.openCase({ employee, badge: BADGE, assessor, language });
  const badge = data.show({ id: BADGE });
  return {
    data,
    employee,
    assessor,
    caseId,
    badge,
    criteria: badge.criteria.map((c) => c.id),
    /** The case as the back end has it now. */
    show: () => data.run(['case', 'show', caseId]),
    /** The profile of the employee or the assessor of this setup. */
    profileOf(role) {
      const id = role === 'employee' ? employee : assessor;
      return { role, person: { id, name: role === 'employee' ? employeeName : assessorName, role } };
    },
  };
}

const daysAgo = (n) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/**
 * A case assessed through the CLI: criterion 2 (cpr-and-aed) is a gap the employee rated 4
 * (self higher), criterion 1 is met though self-assessed 1 (self lower); the others are met.
 */
export function assessed(name, opts) {
  const s = caseSetup(name, opts);
  const [c0, c1, c2, c3, c4, c5] = s.criteria;
  const run = (...a) => s.data.run(a);
  for (const [c, level] of [[c0, '1'], [c1, '4'], [c2, '3'], [c3, '3'], [c4, '3'], [c5, 'unsure']]) {
    run('self-assess', s.caseId, '--criterion', c, '--level', level);
  }
  run('evidence', 'add', s.caseId, '--kind', 'interview', '--criteria', [c0, c2, c3, c4].join(','), '--obtained', daysAgo(2), '--verified', '--note', 'Haastattelun vastaukset');
  run('evidence', 'add', s.caseId, '--kind', 'observation', '--criteria', c0, '--obtained', daysAgo(40), '--verified', '--author', 'työpaikkaohjaaja');
  const old = writeFile('EA1-todistus-2015.txt', 'Ensiapu 1, suoritettu 2015.\n');
  run('evidence', 'add', s.caseId, '--file', old, '--kind', 'certificate', '--criteria', c1, '--obtained', '2015-05-01');
  const doc = writeFile('muistio.txt', 'Oma muistio elvytyksestä.\n');
  run('evidence', 'add', s.caseId, '--file', doc, '--kind', 'document', '--criteria', c1, '--obtained', daysAgo(10), '--verified');
  for (const [c, rating] of [[c0, 'meets'], [c1, 'does-not-meet'], [c2, 'meets'], [c3, 'meets'], [c4, 'meets']]) {
    run('rate', s.caseId, '--criterion', c, '--rating', rating, '--rationale', `Perustelu ${c}`);
  }
  run('interview', 'finish', s.caseId);
  return s;
}

