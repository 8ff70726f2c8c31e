// Importing badges from the library: the native dialog is Rust's, so the mock stands in for the
// dialog and imports the chosen files with the real CLI, which reports exactly what the app would.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fresh, template, writeJson } from './fixtures.mjs';
import { axeProblems, makeBackend, norm, openPage, ready, screenshot, shown, startBrowser, visibleText, waitForList } from './harness.mjs';
import { REPO_DIR } from './server.mjs';

describe('import', () => {
  let browser;

  before(async () => {
    browser = await startBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  it('imports the chosen files and sums up what is new and what is unchanged', async () => {
    const data = fresh('import-ok');
    const before = data.list();
    const mine = template('nutrition-and-hydration');
    mine.id = 'osaava-oma-ruokailu';
    mine.name = { fi: 'Ruokailutilanteen ohjaus – oma merkki', sv: 'Handledning vid måltider', en: 'Guiding mealtimes' };
    const newFile = writeJson('oma-merkki.json', mine);
    const sameFile = join(REPO_DIR, 'templates', 'badges', 'first-aid.json');
    let dialogs = 0;
    const backend = makeBackend({
      data,
      importDialog: (d) => {
        dialogs++;
        return [newFile, sameFile];
      },
    });
    const page = await openPage(browser, backend, '/badges');
    await ready(page);
    await waitForList(page, before.map((b) => shown(b.name, 'fi')), 'the starter library');

    await page.getByRole('button', { name: 'Tuo merkkejä…' }).click();
    const report = page.locator('.import-report');
    await report.waitFor();
    const text = norm(await report.innerText());
    assert.match(text, /^Tuonti valmis/);
    assert.ok(text.includes('Uusia merkkejä: 1. Ennallaan: 1.'), text);
    assert.ok(text.includes(`${newFile} Ruokailutilanteen ohjaus – oma merkki uusi`), text);
    assert.ok(text.includes(`${sameFile} Ensiapu ja toiminta äkillisissä hätätilanteissa ennallaan`), text);
    assert.equal(dialogs, 1);

    // The library shows the new badge without a restart.
    await waitForList(page, [...before.map((b) => shown(b.name, 'fi')), 'Ruokailutilanteen ohjaus – oma merkki'], 'the library with the new badge');
    await screenshot(page, 'import-done');

    await report.getByRole('link', { name: 'Ruokailutilanteen ohjaus – oma merkki' }).click();
    await page.waitForURL('**/badges/osaava-oma-ruokailu');
    await page.getByRole('heading', { level: 1, name: 'Ruokailutilanteen ohjaus – oma merkki' }).waitFor();
    await page.assertClean();
    await page.close();
  });

  it('shows the file, the JSON path and the message when the import fails', async () => {
    const data = fresh('import-bad');
    const broken = template('first-aid');
    broken.criteria[1].evidence.min_items = 0;
    const file = writeJson('Ensiapu – kopio (rikki).json', broken);
    const backend = makeBackend({ data, importDialog: () => [file] });
    const page = await openPage(browser, backend, '/badges');
    await ready(page);
    await page.getByRole('button', { name: 'Tuo merkkejä…' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = norm(await alert.innerText());
    assert.match(text, /^Tuonti epäonnistui/);
    assert.ok(text.includes(`Tiedosto: ${file}`), `the file: ${text}`);
    assert.ok(text.includes('Kohta tiedostossa: $.criteria[1].evidence.min_items'), `the JSON path: ${text}`);
    assert.match(text, /min_items 0/, 'the back end’s message');
    assert.ok(text.includes('Mitään ei tallennettu.'), 'what it means for the user');
    await screenshot(page, 'import-error');

    // Nothing was imported, and the notice can be closed.
    assert.equal(await page.locator('.import-report').count(), 0, 'no import summary');
    assert.equal((await page.locator('table.badges tbody tr').count()), data.list().length, 'the library is as it was');
    await alert.getByRole('button', { name: 'Sulje ilmoitus' }).click();
    await alert.waitFor({ state: 'detached' });
    await page.assertClean();
    await page.close();
  });

  it('shows how far an import of many files is, and a stopped import stores none of them', async () => {
    const data = fresh('import-stop');
    const before = data.list();
    const files = [0, 1, 2, 3].map((i) => {
      const b = template('first-aid');
      b.id = `osaava-kopio-${i}`;
      b.name = { fi: `Ensiapu, kopio ${i}`, sv: `Första hjälpen, kopia ${i}`, en: `First aid, copy ${i}` };
      return writeJson(`kopio-${i}.json`, b);
    });
    let runs = 0;
    let reached;
    const atSecond = new Promise((r) => (reached = r));
    let release;
    const held = new Promise((r) => (release = r));
    const backend = makeBackend({
      data,
      importDialog: () => (runs++, files),
      importHold: async (done) => {
        if (runs === 1 && done === 2) {
          reached();
          await held;
        }
      },
    });
    const page = await openPage(browser, backend, '/badges');
    await ready(page);
    await page.getByRole('button', { name: 'Tuo merkkejä…' }).click();
    await atSecond;
    const bar = page.locator('#import-progress');
    await bar.waitFor();
    assert.equal(await bar.getAttribute('value'), '2');
    assert.equal(await bar.getAttribute('max'), '4');
    assert.equal(norm(await page.locator('label[for=import-progress]').innerText()), 'Luetaan tiedostoja: 2/4');
    assert.deepEqual(await axeProblems(page), [], 'axe while importing');
    await screenshot(page, 'import-progress-fi');

    // By keyboard: the stop button is the next stop after the (busy) import button.
    const stopButton = page.getByRole('button', { name: 'Keskeytä tuonti' });
    await stopButton.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Keskeytetään…' }).waitFor();
    release();
    const said = page.locator('.import-cancelled');
    await said.waitFor();
    assert.match(norm(await said.innerText()), /^Tuonti keskeytettiin\. Yhtään merkkiä ei tallennettu/);
    assert.equal(await bar.count(), 0, 'the progress bar is gone');
    assert.equal(await page.locator('.import-report').count(), 0, 'no import summary');
    assert.equal(backend.called('cancel_import').length, 1);
    assert.equal(data.list().length, before.length, 'nothing stored');
    await screenshot(page, 'import-stopped-fi');

    // The next import runs to the end.
    await page.getByRole('button', { name: 'Tuo merkkejä…' }).click();
    await page.locator('.import-report').waitFor();
    assert.equal(await said.count(), 0, 'the stopped notice is gone');
    assert.ok(norm(await page.locator('.import-report').innerText()).includes('Uusia merkkejä: 4. Ennallaan: 0.'));
    assert.equal(data.list().length, before.length + 4);
    await page.assertClean();
    await page.close();
  });

  it('does nothing visible when the user cancels the file dialog', async () => {
    const data = fresh('import-cancel');
    const backend = makeBackend({ data, importDialog: () => null });
    const page = await openPage(browser, backend, '/badges');
    await ready(page);
    const before = await visibleText(page);
    await page.getByRole('button', { name: 'Tuo merkkejä…' }).click();
    await page.waitForFunction(() => !document.querySelector('button[aria-busy="true"]'));
    assert.equal(backend.calls.filter((c) => c.cmd === 'import_badges_dialog').length, 1);
    assert.equal(await page.getByRole('alert').count(), 0);
    assert.equal(await page.locator('.import-report').count(), 0);
    assert.equal(await visibleText(page), before);
    await page.assertClean();
    await page.close();
  });
});
