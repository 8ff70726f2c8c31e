// The case list (/cases) and opening a case (/cases/new); importing a self-assessment file that
// an employee brings from another computer.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { caseSetup } from './cases-fixture.mjs';
import { scratchDir } from './fixtures.mjs';
import { makeBackend, norm, openPage, ready, screenshot, shown, startBrowser } from './harness.mjs';

describe('cases', () => {
  let browser;

  before(async () => {
    browser = await startBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  it('opens a case for an employee, a badge and an assessor, and lands on it', async () => {
    const s = caseSetup('cases-open');
    const backend = makeBackend({ data: s.data, profile: s.profileOf('assessor') });
    const page = await openPage(browser, backend, '/cases');
    await ready(page);
    await page.getByRole('link', { name: 'Avaa uusi arviointi' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Avaa uusi arviointi' }).waitFor();
    assert.equal(await page.locator('#assessor').inputValue(), s.assessor, 'the assessor on this device is preselected');
    await page.locator('#employee').selectOption(s.employee);
    await page.getByLabel('Osaamismerkki').selectOption('osaava-safe-medication');
    await page.getByRole('radio', { name: 'Svenska' }).check();
    await screenshot(page, 'case-new-fi');
    await page.getByRole('button', { name: 'Avaa arviointi' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const badgeName = shown(s.data.show({ id: 'osaava-safe-medication' }).name, 'fi');
    await page.getByRole('heading', { level: 1, name: badgeName }).waitFor();
    const id = page.url().split('/').pop();
    const c = s.data.run(['case', 'show', id]).case;
    assert.deepEqual([c.employee_id, c.assessor_id, c.badge_id, c.language], [s.employee, s.assessor, 'osaava-safe-medication', 'sv']);
    await page.assertClean();
    await page.close();
  });

  it('lists all cases by stage and says what to do when there are none', async () => {
    const s = caseSetup('cases-list');
    const backend = makeBackend({ data: s.data, profile: { role: 'admin' } });
    const page = await openPage(browser, backend, '/cases');
    await ready(page);
    await page.getByRole('heading', { level: 1, name: 'Kaikki arvioinnit' }).waitFor();
    assert.equal(await page.locator('table.cases tbody tr').count(), 1);
    await page.getByLabel('Vaihe').focus();
    await page.getByLabel('Vaihe').selectOption('decided');
    await page.waitForURL('**/cases?view=all&state=decided');
    await page.getByRole('heading', { name: 'Tässä vaiheessa ei ole arviointeja' }).waitFor();
    assert.equal(await page.getByLabel('Vaihe').evaluate((el) => el === document.activeElement), true, 'focus stays on the filter');
    await page.assertClean();
    await page.close();
  });

  it('imports a self-assessment file made on another computer', async () => {
    const s = caseSetup('cases-import');
    for (const c of s.criteria) s.data.run(['self-assess', s.caseId, '--criterion', c, '--level', '3']);
    const file = join(scratchDir('self-file'), 'maija.json');
    s.data.run(['self-assessment', 'export', s.caseId, '--out', file]);
    const backend = makeBackend({ data: s.data, profile: s.profileOf('assessor'), pickSelfFile: () => file });
    const page = await openPage(browser, backend, '/cases');
    await ready(page);
    await page.getByRole('button', { name: 'Tuo itsearviointitiedosto…' }).click();
    await page.getByRole('heading', { name: 'Itsearviointi tuotu' }).waitFor();
    assert.match(norm(await page.locator('.notice.ok').innerText()), /Vastattuja kriteerejä: 6/);
    await page.getByRole('link', { name: 'Avaa arviointi' }).click();
    await page.waitForURL(`**/cases/${s.caseId}`);
    await page.assertClean();
    await page.close();
  });

  it('a case opened without an assessor offers to choose one', async () => {
    const s = caseSetup('cases-assign');
    const open = s.data.openCase({ employee: s.employee, badge: 'osaava-safe-medication' });
    const backend = makeBackend({ data: s.data, profile: { role: 'admin' } });
    const page = await openPage(browser, backend, `/cases/${open}`);
    await ready(page);
    await page.getByText('ei vielä valittu').waitFor();
    await page.getByRole('button', { name: 'Valitse arvioija' }).click();
    await page.locator('#assign-assessor').selectOption(s.assessor);
    await page.getByRole('button', { name: 'Aseta arvioijaksi' }).click();
    await page.waitForFunction(() => !document.querySelector('form.assign'));
    assert.deepEqual(backend.called('assign_assessor').map((c) => c.args.request), [{ case: open, assessor: s.assessor }]);
    await page.assertClean();
    await page.close();
  });
});
