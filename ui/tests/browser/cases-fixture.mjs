// Cases for the browser tests, made through the real CLI on a data dir of their own: an employee,
// an assessor and a case on the starter first-aid badge, plus helpers to read back what the back
// end stored (`case show`), so a test checks what was saved, not what the screen says.
import { fresh } from './fixtures.mjs';

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
