// The start screen (/): the role on this device and, for an employee or an assessor, who they
// are; each role lands on its own place, and the choice is remembered.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { caseSetup } from './cases-fixture.mjs';
import { fresh, HOSTILE_NAME } from './fixtures.mjs';
import { makeBackend, norm, openPage, ready, screenshot, startBrowser } from './harness.mjs';

describe('start', () => {
  let browser;

  before(async () => {
    browser = await startBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  it('an assessor picks the role and their name and lands on their open cases', async () => {
    const s = caseSetup('start-assessor');
    s.data.person('Ari Arvioija', 'assessor');
    const backend = makeBackend({ data: s.data });
    const page = await openPage(browser, backend, '/');
    await ready(page);
    assert.equal(norm(await page.locator('main h1').innerText()), 'Tervetuloa Osaavaan');
    assert.equal(await page.getByRole('button', { name: 'Jatka' }).isDisabled(), true, 'nothing chosen yet');
    await page.getByRole('radio', { name: /Arvioija/ }).check();
    await page.getByRole('heading', { name: 'Kuka arvioijista olet?' }).waitFor();
    // Only assessors are offered, found by the back end's search.
    await page.getByLabel('Etsi nimesi').fill('ain');
    await page.getByRole('radio', { name: 'Aino Arvioija' }).waitFor();
    await page.waitForFunction(() => !document.body.innerText.includes('Ari Arvioija'));
    assert.equal(await page.getByRole('radio', { name: 'Maija Virtanen' }).count(), 0);
    await page.getByRole('radio', { name: 'Aino Arvioija' }).check();
    await screenshot(page, 'start-fi');
    await page.getByRole('button', { name: 'Jatka' }).click();
    await page.waitForURL('**/cases');
    await page.getByRole('heading', { level: 1, name: 'Avoimet arviointisi' }).waitFor();
    assert.deepEqual(backend.state.profile.person?.id, s.assessor);
    const rows = page.locator('table.cases tbody tr');
    assert.equal(await rows.count(), 1);
    assert.match(norm(await rows.first().innerText()), /Maija Virtanen/);
    assert.match(norm(await page.locator('.who').innerText()), /Arvioija Aino Arvioija Vaihda/);
    await page.assertClean();
    await page.close();
  });

  it('an employee not yet in Osaava adds themselves; a name with markup stays text', async () => {
    const data = fresh('start-employee');
    const backend = makeBackend({ data });
    const page = await openPage(browser, backend, '/');
    await ready(page);
    await page.getByRole('radio', { name: /Työntekijä/ }).check();
    await page.getByText('Tähän rooliin ei ole vielä lisätty ketään. Lisää itsesi alla.').waitFor();
    await page.getByLabel('Nimi').fill(HOSTILE_NAME);
    await page.getByRole('button', { name: /Lisää minut/ }).click();
    const me = page.getByRole('radio', { name: HOSTILE_NAME });
    await me.waitFor();
    assert.equal(await me.isChecked(), true, 'the new person is chosen');
    await page.getByRole('button', { name: 'Jatka' }).click();
    await page.waitForURL('**/cases');
    await page.getByRole('heading', { level: 1, name: 'Avoimet arviointisi' }).waitFor();
    await page.getByText('Sinulla ei ole avoimia arviointeja').waitFor();
    assert.ok(norm(await page.locator('.who').innerText()).includes(norm(HOSTILE_NAME)));
    assert.equal(await page.evaluate(() => document.querySelectorAll('img').length), 0);
    await page.assertClean();
    await page.close();
  });

  it('a remembered role opens its place directly; “Change” comes back to the choice', async () => {
    const s = caseSetup('start-remembered');
    for (const [profile, path, heading] of [
      [s.profileOf('employee'), '/cases', 'Avoimet arviointisi'],
      [{ role: 'admin' }, '/settings', 'Asetukset'],
      [{ role: 'college' }, '/verify', 'Lausuntojen tarkistus'],
    ]) {
      const backend = makeBackend({ data: s.data, profile });
      const page = await openPage(browser, backend, '/');
      await page.waitForURL(`**${path}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.assertClean();
      await page.close();
    }
    const backend = makeBackend({ data: s.data, profile: s.profileOf('employee') });
    const page = await openPage(browser, backend, '/cases');
    await ready(page);
    await page.getByRole('link', { name: 'Vaihda tämän laitteen roolia tai henkilöä' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tervetuloa Osaavaan' }).waitFor();
    assert.equal(await page.getByRole('radio', { name: /Työntekijä/ }).isChecked(), true);
    assert.equal(await page.getByRole('radio', { name: 'Maija Virtanen' }).isChecked(), true);
    await page.assertClean();
    await page.close();
  });
});
