// People (/people, /people/ID): the back end's search by word beginnings and role, adding a
// person, and a person's cases.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { caseSetup } from './cases-fixture.mjs';
import { makeBackend, norm, openPage, ready, screenshot, startBrowser } from './harness.mjs';

const names = async (page) => (await page.locator('table.data tbody a').allInnerTexts()).map(norm);

describe('people', () => {
  let browser;

  before(async () => {
    browser = await startBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  it('searches by the beginning of any name and by role', async () => {
    const s = caseSetup('people-search');
    s.data.person('Anna-Maria Laine', 'employee', { email: 'anna.laine@example.fi' });
    s.data.person('Åke Öberg', 'college');
    const backend = makeBackend({ data: s.data });
    const page = await openPage(browser, backend, '/people');
    await ready(page);
    await page.getByText('Henkilöitä: 4').waitFor();
    await page.getByLabel('Hae nimellä').fill('mar');
    await page.waitForFunction(() => document.querySelectorAll('table.data tbody tr').length === 1);
    assert.deepEqual(await names(page), ['Anna-Maria Laine']);
    await page.getByLabel('Hae nimellä').fill('öb');
    await page.waitForFunction(() => document.body.innerText.includes('Åke Öberg') && document.querySelectorAll('table.data tbody tr').length === 1);
    await page.getByLabel('Hae nimellä').fill('');
    await page.locator('#people-role').selectOption('assessor');
    await page.waitForFunction(() => document.querySelectorAll('table.data tbody tr').length === 1);
    assert.deepEqual(await names(page), ['Aino Arvioija']);
    await page.getByLabel('Hae nimellä').fill('zz');
    await page.getByRole('heading', { name: 'Haulla ei löytynyt ketään' }).waitFor();
    const searches = backend.called('search_people').map((c) => c.args.request);
    assert.ok(searches.some((r) => r.query === 'öb'), 'the back end searched');
    await screenshot(page, 'people-fi');
    await page.assertClean();
    await page.close();
  });

  it('adds a person and shows their page; a bad email is refused with the reason', async () => {
    const s = caseSetup('people-add');
    const backend = makeBackend({ data: s.data });
    const page = await openPage(browser, backend, '/people');
    await ready(page);
    await page.getByLabel('Nimi', { exact: true }).fill('Leena Koski');
    // The browser accepts an address without a dot in the domain; the back end does not.
    await page.getByLabel(/Sähköposti/).fill('leena@example');
    await page.getByRole('button', { name: 'Lisää henkilö' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Henkilöä ei voitu lisätä' });
    await alert.waitFor();
    assert.match(norm(await alert.innerText()), /Sähköpostiosoite ei näytä oikealta.*Mitään ei tallennettu/);
    assert.ok(!s.data.run(['people', 'list']).some((p) => p.name === 'Leena Koski'), 'nothing saved');
    await page.getByLabel(/Sähköposti/).fill('leena.koski@example.fi');
    await page.getByLabel(/Tehtävänimike/).fill('hoiva-avustaja');
    await page.getByRole('button', { name: 'Lisää henkilö' }).click();
    await page.getByRole('heading', { level: 1, name: 'Leena Koski' }).waitFor();
    assert.match(page.url(), /\/people\/[0-9a-f-]{36}$/);
    const text = norm(await page.locator('main').innerText());
    assert.ok(text.includes('hoiva-avustaja') && text.includes('leena.koski@example.fi'), text);
    await page.getByText('Ei avoimia arviointeja.', { exact: false }).waitFor();
    assert.ok(s.data.run(['people', 'list']).some((p) => p.name === 'Leena Koski'));
    await page.assertClean();
    await page.close();
  });

  it('a person’s page lists their open and closed cases and opens a new one for them', async () => {
    const s = caseSetup('people-cases');
    const second = s.data.openCase({ employee: s.employee, badge: 'osaava-safe-medication', assessor: s.assessor });
    s.data.run(['case', 'withdraw', second]);
    const backend = makeBackend({ data: s.data });
    const page = await openPage(browser, backend, `/people/${s.employee}`);
    await ready(page);
    const open = page.locator('section', { has: page.getByRole('heading', { name: 'Avoimet arvioinnit' }) });
    const closed = page.locator('section', { has: page.getByRole('heading', { name: 'Päätetyt ja perutut arvioinnit' }) });
    assert.equal(await open.locator('tbody tr').count(), 1);
    assert.equal(await closed.locator('tbody tr').count(), 1);
    assert.match(norm(await closed.innerText()), /Peruttu/);
    await page.getByRole('link', { name: 'Avaa uusi arviointi' }).click();
    await page.waitForURL(`**/cases/new?employee=${s.employee}`);
    await page.getByRole('heading', { level: 1, name: 'Avaa uusi arviointi' }).waitFor();
    assert.equal(await page.locator('#employee').inputValue(), s.employee, 'the employee is preselected');
    await page.assertClean();
    await page.close();
  });
});
