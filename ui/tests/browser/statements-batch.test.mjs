// The /statements screen against the real CLI (`statement issue` with real keys): the decided
// cases without a statement, the passphrase and the folder asked for, a progress bar with the case
// in hand, Stop after the current one, the result (issued with their files and folder, what was
// left), a wrong passphrase said plainly, the empty state, keyboard only, axe-core in fi/sv/en,
// and the screen loading when opened directly.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { scratchDir } from './fixtures.mjs';
import { axeProblems, LABELS, LANGS, openPage, ready, screenshot, startBrowser, visibleText } from './harness.mjs';
import { gate, makeBackupBackend } from './backup-fixture.mjs';
import { cli, decidedWithKeys, PASSPHRASE } from './statement-fixture.mjs';

/** A data dir with keys and `names.length + 1` decided cases (the first for Maija Virtanen). */
function decidedMany(name, names) {
  const s = decidedWithKeys(name);
  const run = (...a) => s.data.run(a);
  for (const n of names) {
    const employee = s.data.person(n, 'employee');
    const caseId = s.data.openCase({ employee, badge: s.badge.id, assessor: s.assessor });
    for (const c of s.criteria) {
      run('evidence', 'add', caseId, '--kind', 'interview', '--criteria', c, '--verified');
      run('rate', caseId, '--criterion', c, '--rating', 'meets', '--rationale', 'Haastattelu');
    }
    run('decide', caseId, '--decision', 'recognise', '--justification', 'Näyttö riittää.');
  }
  return s;
}

async function openBatch(browser, backend, opts) {
  const page = await openPage(browser, backend, '/statements', opts);
  backend.page = page;
  await ready(page);
  return page;
}

describe('the batch statements screen', () => {
  let browser;

  before(async () => {
    browser = await startBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  it('issues every decided case into the chosen folder with a progress bar, and says where the files are', async () => {
    const s = decidedMany('batch-all', ['Eero Salo']);
    const folder = scratchDir('batch-out');
    const held = gate();
    const release = gate();
    let holding = true;
    const backend = makeBackupBackend({
      data: s.data,
      pickFolder: () => folder,
      hold: async (stage) => {
        if (holding && stage === 'finished') {
          holding = false;
          held.open();
          await release.wait();
        }
      },
    });
    const page = await openBatch(browser, backend);
    assert.equal(await page.locator('h1').innerText(), 'Lausunnot ratkaistuille arvioinneille');
    const list = page.locator('table.data tbody tr');
    await list.first().waitFor();
    assert.equal(await list.count(), 2);
    const text = await visibleText(page);
    assert.match(text, /Odottaa lausuntoa: 2/);
    assert.match(text, /Maija Virtanen/);
    assert.match(text, /Eero Salo/);

    // Nothing starts without the passphrase and the folder; each is asked for plainly.
    await page.getByRole('button', { name: 'Anna lausunnot (2)' }).click();
    await page.getByText('Kirjoita avainten tunnuslause.').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'batch-passphrase');
    await page.getByLabel('Avainten tunnuslause').fill(PASSPHRASE);
    await page.getByLabel('Paikkakunta').fill('Oulu');
    await page.getByRole('button', { name: 'Anna lausunnot (2)' }).click();
    await page.getByText('Valitse ensin kansio, johon lausunnot tallennetaan.').waitFor();
    assert.equal(backend.called('issue_batch').length, 0);
    await page.getByRole('button', { name: 'Valitse kansio…' }).click();
    await page.getByText(folder).waitFor();
    await screenshot(page, 'statements-batch-ready-fi');

    await page.getByRole('button', { name: 'Anna lausunnot (2)' }).click();
    await held.wait();
    const bar = page.getByRole('progressbar', { name: 'Annettu 1 / 2' });
    await bar.waitFor();
    assert.equal(await bar.getAttribute('value'), '1');
    assert.equal(await bar.getAttribute('max'), '2');
    assert.equal(await page.locator('.now').innerText(), '', 'the finished one is no longer in hand');
    assert.match(await list.first().innerText(), /Annettu/);
    await screenshot(page, 'statements-batch-progress-fi');
    release.open();

    const result = page.locator('section[aria-labelledby=batch-result-heading]');
    await result.waitFor();
    const said = await result.innerText();
    assert.match(said, /Lausuntoja annettu: 2\. Ne tallennettiin kansioon:/);
    assert.ok(said.includes(folder), 'the folder is shown');
    const files = readdirSync(folder).sort();
    assert.equal(files.length, 2);
    for (const f of files) {
      assert.ok(said.includes(f), `${f} is named`);
      assert.equal(readFileSync(`${folder}/${f}`).subarray(0, 5).toString(), '%PDF-');
    }
    assert.equal(await page.getByLabel('Avainten tunnuslause').count(), 0, 'nothing left to issue');
    assert.match(await visibleText(page), /Kaikista ratkaistuista arvioinneista on jo annettu lausunto/);
    assert.equal(cli(s.data.dir, ['statement', 'list', s.caseId]).length, 1);
    await screenshot(page, 'statements-batch-done-fi');
    await page.assertClean();
  });

  it('stops after the current statement; the rest stay on the list', async () => {
    const s = decidedMany('batch-stop', ['Eero Salo', 'Liisa Ström']);
    const folder = scratchDir('batch-stop-out');
    const held = gate();
    const release = gate();
    let holding = true;
    const backend = makeBackupBackend({
      data: s.data,
      pickFolder: () => folder,
      hold: async (stage) => {
        if (holding && stage === 'issuing') {
          holding = false;
          held.open();
          await release.wait();
        }
      },
    });
    const page = await openBatch(browser, backend);
    await page.getByLabel('Avainten tunnuslause').fill(PASSPHRASE);
    await page.getByLabel('Paikkakunta').fill('Oulu');
    await page.getByRole('button', { name: 'Valitse kansio…' }).click();
    await page.getByText(folder).waitFor();
    await page.getByRole('button', { name: 'Anna lausunnot (3)' }).click();
    await held.wait();
    await page.getByText(/^Nyt: (Maija Virtanen|Eero Salo|Liisa Ström)$/).waitFor();
    await page.getByRole('button', { name: 'Pysäytä' }).click();
    await page.getByRole('button', { name: 'Pysäytetään nykyisen lausunnon jälkeen…' }).waitFor();
    await screenshot(page, 'statements-batch-stopping-fi');
    release.open();
    const result = page.locator('section[aria-labelledby=batch-result-heading]');
    await result.waitFor();
    const said = await result.innerText();
    assert.match(said, /Lausuntoja annettu: 1\./);
    assert.match(said, /Pysäytetty\. Antamatta jäi 2; ne ovat yhä listalla\./);
    assert.equal(readdirSync(folder).length, 1);
    await page.getByText('Odottaa lausuntoa: 2').waitFor();
    assert.equal(await page.locator('table.data tbody tr').count(), 2);
    await screenshot(page, 'statements-batch-stopped-fi');
    await page.assertClean();
  });

  it('says a wrong passphrase plainly and issues nothing; works by keyboard alone', async () => {
    const s = decidedMany('batch-wrong', []);
    const folder = scratchDir('batch-wrong-out');
    const backend = makeBackupBackend({ data: s.data, pickFolder: () => folder });
    const page = await openBatch(browser, backend);
    await page.getByLabel('Avainten tunnuslause').focus();
    await page.keyboard.type('väärä tunnuslause');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'batch-place');
    await page.keyboard.type('Oulu');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'batch-folder-button');
    await page.keyboard.press('Enter');
    await page.getByText(folder).waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Anna lausunnot (1)');
    await page.keyboard.press('Enter');
    const alert = page.locator('.notice.error').first();
    await alert.waitFor();
    assert.match(await alert.innerText(), /Lausuntoja ei voitu antaa/);
    assert.deepEqual(readdirSync(folder), []);
    assert.equal(cli(s.data.dir, ['statement', 'list', s.caseId]).length, 0);
    await screenshot(page, 'statements-batch-wrong-passphrase-fi');

    await page.getByLabel('Avainten tunnuslause').fill('');
    await page.getByLabel('Avainten tunnuslause').focus();
    await page.keyboard.type(PASSPHRASE);
    await page.keyboard.press('Enter');
    await page.locator('section[aria-labelledby=batch-result-heading]').waitFor();
    assert.equal(readdirSync(folder).length, 1);
    await page.assertClean();
  });

  for (const lang of LANGS) {
    it(`has no serious or critical axe-core violation in ${LABELS[lang]}, listing, running and done`, async () => {
      const s = decidedMany(`batch-axe-${lang}`, []);
      const folder = scratchDir(`batch-axe-${lang}`);
      const held = gate();
      const release = gate();
      let holding = true;
      const backend = makeBackupBackend({
        data: s.data,
        language: lang,
        pickFolder: () => folder,
        hold: async (stage) => {
          if (holding && stage === 'issuing') {
            holding = false;
            held.open();
            await release.wait();
          }
        },
      });
      const page = await openBatch(browser, backend);
      await page.locator('table.data').waitFor();
      assert.deepEqual(await axeProblems(page), [], `${lang}: the list`);
      await page.locator('#batch-passphrase').fill(PASSPHRASE);
      await page.locator('#batch-place').fill('Oulu');
      await page.locator('#batch-folder-button').click();
      await page.getByText(folder).waitFor();
      await page.locator('form button[type=submit]').click();
      await held.wait();
      await page.locator('#batch-progress').waitFor();
      assert.deepEqual(await axeProblems(page), [], `${lang}: running`);
      release.open();
      await page.locator('section[aria-labelledby=batch-result-heading]').waitFor();
      assert.deepEqual(await axeProblems(page), [], `${lang}: done`);
      await screenshot(page, `statements-batch-done-${lang}`);
      await page.assertClean();
    });
  }
});
