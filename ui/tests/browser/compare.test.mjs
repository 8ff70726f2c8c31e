// The comparison (/cases/ID): the criteria × evidence matrix with the back end's marks,
// discrepancies highlighted, the suggestion and its reasons, the learning path for the gap, the
// decision with its justification (and its refusal), authenticity marks and the audit trail.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assessed } from './cases-fixture.mjs';
import { makeBackend, norm, openPage, ready, screenshot, shown, startBrowser } from './harness.mjs';

async function until(check, what, timeout = 8000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('comparison and decision', () => {
  let browser;

  before(async () => {
    browser = await startBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  it('shows the matrix with its marks, the discrepancies, the suggestion and the learning path', async () => {
    const s = assessed('cmp-matrix');
    const cmp = s.data.run(['compare', s.caseId]);
    assert.equal(cmp.suggestion, 'partially');
    const backend = makeBackend({ data: s.data, profile: s.profileOf('assessor') });
    const page = await openPage(browser, backend, `/cases/${s.caseId}`);
    await ready(page);
    await page.getByRole('heading', { name: /Ehdotettu päätös: tunnista osittain/ }).waitFor();
    const reasons = norm(await page.locator('.reasons').innerText());
    assert.ok(reasons.includes('Kriteeri 2 on pakollinen, ja sen arvio on: ei täyty.'), reasons);
    assert.ok(!reasons.includes('cpr-and-aed'), 'criteria are named by number, not by id');

    const rows = page.locator('table.matrix tbody tr');
    assert.equal(await rows.count(), 6);
    assert.deepEqual(
      await rows.evaluateAll((trs) => trs.map((tr) => tr.classList.contains('discrepancy'))),
      [true, true, false, false, false, false],
      'criteria 1 and 2 differ from the self-assessment',
    );
    const row2 = norm(await rows.nth(1).innerText());
    assert.ok(row2.includes('4 – Osaan ohjata muita') && row2.includes('Ei täyty') && row2.includes('itsearvio korkeampi'), row2);
    assert.ok(row2.includes('liian vanha') && row2.includes('aitoutta ei tarkistettu'), `E3's issues: ${row2}`);
    assert.ok(row2.includes('väärä näyttölaji'), `E4's issue: ${row2}`);
    assert.ok(row2.includes('0/2'), row2);
    const row1 = norm(await rows.nth(0).innerText());
    assert.ok(row1.includes('itsearvio matalampi') && row1.includes('2/2'), row1);

    const path = norm(await page.locator('ol.path').innerText());
    for (const step of cmp.learning_path) assert.ok(path.includes(shown(step.title, 'fi')), `course ${step.course}`);
    await page.getByText('Vielä opittavat kriteerit: 2.', { exact: false }).waitFor();
    await screenshot(page, 'compare-fi');
    await page.assertClean();
    await page.close();
  });

  it('records the decision after a confirmation; a refused one says why and nothing changes', async () => {
    const s = assessed('cmp-decide');
    const backend = makeBackend({ data: s.data, profile: s.profileOf('assessor') });
    const page = await openPage(browser, backend, `/cases/${s.caseId}`);
    await ready(page);
    // The suggested decision is preselected.
    assert.equal(await page.getByRole('radio', { name: /Osittain tunnistettu/ }).isChecked(), true);

    await page.getByRole('radio', { name: /^Tunnistettu/ }).check();
    await page.getByText(/Päätöksesi poikkeaa ehdotuksesta/).waitFor();
    await page.getByLabel('Perustelu').fill('Työpaikkaohjaajan havainnot riittävät.');
    await page.getByRole('button', { name: 'Kirjaa päätös…' }).click();
    await page.getByRole('button', { name: 'Kyllä, kirjaa' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Päätöstä ei kirjattu' });
    await alert.waitFor();
    assert.match(norm(await alert.innerText()), /jokainen pakollinen kriteeri on arvioitu/);
    // The technical detail (closed) names the criterion in English.
    assert.match(norm(await alert.locator('details').textContent()), /cpr-and-aed/);
    assert.equal(s.show().case.state, 'assessed', 'nothing changed');

    // The justification is kept as a draft across a reload.
    await page.waitForTimeout(500);
    await page.reload();
    await ready(page);
    assert.equal(await page.getByLabel('Perustelu').inputValue(), 'Työpaikkaohjaajan havainnot riittävät.');
    assert.equal(await page.getByRole('radio', { name: /^Tunnistettu/ }).isChecked(), true);

    await page.getByRole('radio', { name: /Osittain tunnistettu/ }).check();
    await page.getByRole('button', { name: 'Kirjaa päätös…' }).click();
    await page.getByText(/Kirjattu päätös on lopullinen/).waitFor();
    await page.getByRole('button', { name: 'Kyllä, kirjaa' }).click();
    await page.getByRole('heading', { name: 'Päätös: Osittain tunnistettu' }).waitFor();
    const shownCase = s.show();
    assert.equal(shownCase.case.state, 'decided');
    assert.equal(shownCase.case.decision.decision, 'partially-recognised');
    assert.equal(shownCase.case.decision.justification, 'Työpaikkaohjaajan havainnot riittävät.');
    assert.equal(await page.getByRole('button', { name: 'Kirjaa päätös…' }).count(), 0);
    await screenshot(page, 'compare-decided-fi');

    await page.getByText(/^Tapahtumaloki/).click();
    const audit = norm(await page.locator('details.audit table').innerText());
    for (const what of ['Arviointi avattu', 'Itsearviointi', 'Näyttö lisätty', 'Arvio', 'Päätös']) {
      assert.ok(audit.includes(what), `audit trail has "${what}"`);
    }
    await page.assertClean();
    await page.close();
  });

  it('marks evidence as checked for authenticity', async () => {
    const s = assessed('cmp-verify');
    const backend = makeBackend({ data: s.data, profile: s.profileOf('assessor') });
    const page = await openPage(browser, backend, `/cases/${s.caseId}`);
    await ready(page);
    const item = page.locator('ul.evidence li', { hasText: 'EA1-todistus-2015.txt' });
    await item.getByRole('checkbox', { name: /Tarkistettu aidoksi/ }).check();
    await until(() => s.show().evidence.find((e) => e.file?.name === 'EA1-todistus-2015.txt')?.authenticity_checked, 'the mark saved');
    await page.assertClean();
    await page.close();
  });
});
