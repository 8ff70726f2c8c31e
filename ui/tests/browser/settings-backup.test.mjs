// Settings' "Data and backup" against the real CLI (`osaava backup create|inspect|restore`): the
// data folder's location with Copy, a backup through the save dialog with its progress bar and
// the file's place, Cancel that leaves no file, a restore that checks the file first, shows what
// it holds and asks before replacing (a person added after the backup is gone, the old data kept
// aside), a damaged backup refused with nothing changed, keyboard only, axe-core in fi/sv/en.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fresh, scratchDir } from './fixtures.mjs';
import { axeProblems, LABELS, LANGS, openPage, ready, screenshot, startBrowser, visibleText } from './harness.mjs';
import { gate, makeBackupBackend } from './backup-fixture.mjs';
import { cli } from './statement-fixture.mjs';

async function openSettings(browser, backend) {
  const page = await openPage(browser, backend, '/settings');
  backend.page = page;
  await ready(page);
  await page.locator('#backup-heading').waitFor();
  await page.locator('#data-dir-path').waitFor();
  return page;
}

const names = (dir) => cli(dir, ['people', 'list']).map((p) => p.name).sort();

/** The data dirs a restore kept aside beside `dir` (removed with `remove`). */
function keptAside(dir, { remove = false } = {}) {
  const found = readdirSync(dirname(dir))
    .filter((n) => n.startsWith(`${basename(dir)}.before-restore-`))
    .map((n) => join(dirname(dir), n));
  if (remove) for (const d of found) rmSync(d, { recursive: true, force: true });
  return found;
}

describe('Settings: data and backup', () => {
  let browser;

  before(async () => {
    browser = await startBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  it('backs up with a progress bar, then restores after a confirmation: the person added later is gone, the old data kept aside', async () => {
    const data = fresh('backup-round');
    data.person('Maija Virtanen', 'employee');
    const out = join(scratchDir('backups'), 'varmuuskopio.osaava-backup');
    let holdAt = 'writing';
    const held = gate();
    const release = gate();
    const backend = makeBackupBackend({
      data,
      saveBackupAs: () => out,
      pickBackup: () => out,
      hold: async (stage) => {
        if (stage === holdAt) {
          holdAt = null;
          held.open();
          await release.wait();
        }
      },
    });
    const page = await openSettings(browser, backend);
    assert.equal(await page.getByLabel('Datakansion sijainti').inputValue(), data.dir);
    assert.match(await visibleText(page), /Varmuuskopiota ei ole vielä otettu/);
    assert.match(await visibleText(page), /salattu tunnuslauseella/);

    await page.getByRole('button', { name: 'Ota varmuuskopio…' }).click();
    await held.wait();
    const bar = page.getByRole('progressbar', { name: /Tallennetaan varmuuskopiota: 33 %/ });
    await bar.waitFor();
    assert.equal(await bar.getAttribute('value'), '1');
    assert.equal(await bar.getAttribute('max'), '3');
    assert.ok(await page.getByRole('button', { name: 'Ota varmuuskopio…' }).isDisabled(), 'one run at a time');
    await screenshot(page, 'settings-backup-progress-fi');
    release.open();
    await page.getByText('Varmuuskopio tallennettu:').waitFor();
    assert.ok(existsSync(out));
    assert.deepEqual(backend.state.offeredBackup, [`osaava-backup-${new Date().toISOString().slice(0, 10)}.osaava-backup`]);
    const text = await visibleText(page);
    assert.ok(text.includes(out), 'the file is shown with its folder');
    assert.match(text, /Siirrä tiedosto muistitikulle/);
    assert.match(text, /Viimeisin varmuuskopio: /);
    await screenshot(page, 'settings-backup-done-fi');

    // Someone is added after the backup.
    data.person('Lisätty Jälkeenpäin', 'employee');
    assert.deepEqual(names(data.dir), ['Lisätty Jälkeenpäin', 'Maija Virtanen']);

    // First look, then decide not to.
    await page.getByRole('button', { name: 'Palauta varmuuskopiosta…' }).click();
    const confirm = page.getByRole('region', { name: 'Palautetaanko tämä varmuuskopio?' });
    await confirm.waitFor();
    const said = await confirm.innerText();
    assert.match(said, /kaikki sen tiedostot ovat ehjiä/);
    assert.match(said, /varmuuskopio\.osaava-backup/);
    assert.match(said, /Organisaatio\s+ei asetettu/);
    assert.match(said, /Henkilöitä 1, arviointeja 0, näyttöjä 0, lausuntoja 0, osaamismerkkejä \d+/);
    assert.match(said, /korvaa kaikki Osaavan tiedot/);
    assert.match(said, /Nykyisiä tietoja ei poisteta/);
    assert.equal(backend.called('restore_backup').length, 0, 'nothing replaced before the confirmation');
    await screenshot(page, 'settings-backup-confirm-fi');
    await page.getByRole('button', { name: 'Älä palauta' }).click();
    await confirm.waitFor({ state: 'detached' });
    assert.equal(backend.called('restore_backup').length, 0);
    assert.deepEqual(names(data.dir), ['Lisätty Jälkeenpäin', 'Maija Virtanen']);

    await page.getByRole('button', { name: 'Palauta varmuuskopiosta…' }).click();
    await confirm.waitFor();
    await page.getByRole('button', { name: 'Korvaa tiedot varmuuskopiolla' }).click();
    await page.getByText('Varmuuskopio palautettu.').waitFor();
    assert.deepEqual(names(data.dir), ['Maija Virtanen'], 'the person added after the backup is gone');
    const aside = keptAside(data.dir);
    assert.equal(aside.length, 1);
    const kept = aside[0];
    assert.ok((await visibleText(page)).includes(kept), 'the user is told where the old data is');
    assert.deepEqual(names(kept), ['Lisätty Jälkeenpäin', 'Maija Virtanen'], 'the old data is kept whole');
    await screenshot(page, 'settings-backup-restored-fi');
    await page.assertClean();
    keptAside(data.dir, { remove: true });
  });

  it('cancels a backup (no file is left) and refuses a damaged backup with nothing changed', async () => {
    const data = fresh('backup-cancel');
    data.person('Maija Virtanen', 'employee');
    const folder = scratchDir('backups-cancel');
    const out = join(folder, 'peruttu.osaava-backup');
    const held = gate();
    const release = gate();
    let holding = true;
    let pick = null;
    const backend = makeBackupBackend({
      data,
      saveBackupAs: () => out,
      pickBackup: () => pick,
      hold: async (stage) => {
        if (holding && stage === 'writing') {
          holding = false;
          held.open();
          await release.wait();
        }
      },
    });
    const page = await openSettings(browser, backend);
    await page.getByRole('button', { name: 'Ota varmuuskopio…' }).click();
    await held.wait();
    await page.getByRole('button', { name: 'Peruuta' }).click();
    await page.getByRole('button', { name: 'Perutaan…' }).waitFor();
    release.open();
    await page.getByText('Varmuuskopiointi peruttiin. Tiedostoa ei tallennettu.').waitFor();
    assert.deepEqual(readdirSync(folder), [], 'no file after a cancel');
    assert.equal(backend.called('cancel_backup').length, 1);
    assert.match(await visibleText(page), /Varmuuskopiota ei ole vielä otettu/);

    // A good backup, then a copy with one byte changed in the middle.
    const good = join(folder, 'hyva.osaava-backup');
    cli(data.dir, ['backup', 'create', '--out', good]);
    const bytes = readFileSync(good);
    bytes[Math.floor(bytes.length / 2)] ^= 0x20;
    pick = join(folder, 'vaurioitunut.osaava-backup');
    writeFileSync(pick, bytes);
    data.person('Lisätty Jälkeenpäin', 'employee');
    await page.getByRole('button', { name: 'Palauta varmuuskopiosta…' }).click();
    const alert = page.locator('.notice.error');
    await alert.waitFor();
    assert.match(await alert.innerText(), /Tätä varmuuskopiota ei voi palauttaa\. Mitään ei muutettu\./);
    assert.match(await alert.innerText(), /vaurioitunut\.osaava-backup/);
    assert.match(await alert.innerText(), /Valitse toinen varmuuskopio/);
    assert.equal(await page.getByRole('region', { name: 'Palautetaanko tämä varmuuskopio?' }).count(), 0, 'no confirmation for a damaged file');
    assert.deepEqual(names(data.dir), ['Lisätty Jälkeenpäin', 'Maija Virtanen']);
    assert.deepEqual(keptAside(data.dir), []);
    await screenshot(page, 'settings-backup-damaged-fi');
    await page.assertClean();
  });

  it('works by keyboard alone: copy the location, back up, restore after the confirmation', async () => {
    const data = fresh('backup-keys');
    data.person('Maija Virtanen', 'employee');
    const out = join(scratchDir('backups-keys'), 'k.osaava-backup');
    const backend = makeBackupBackend({ data, saveBackupAs: () => out, pickBackup: () => out });
    const page = await openSettings(browser, backend);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByLabel('Datakansion sijainti').focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Kopioi sijainti');
    await page.keyboard.press('Enter');
    await page.getByText(/Sijainti kopioitu leikepöydälle|Kopiointi ei onnistunut/).waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Ota varmuuskopio…');
    await page.keyboard.press('Enter');
    await page.getByText('Varmuuskopio tallennettu:').waitFor();
    data.person('Lisätty Jälkeenpäin', 'employee');
    // Focus went to the outcome; the restore button is a Shift+Tab or two away.
    await page.getByRole('button', { name: 'Palauta varmuuskopiosta…' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Palautetaanko tämä varmuuskopio?' }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'restore-confirm-heading', 'focus moves to the question');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Korvaa tiedot varmuuskopiolla');
    await page.keyboard.press('Enter');
    await page.getByText('Varmuuskopio palautettu.').waitFor();
    assert.deepEqual(names(data.dir), ['Maija Virtanen']);
    await page.assertClean();
    keptAside(data.dir, { remove: true });
  });

  for (const lang of LANGS) {
    it(`has no serious or critical axe-core violation in ${LABELS[lang]}, with the confirmation open`, async () => {
      const data = fresh(`backup-axe-${lang}`);
      data.person('Maija Virtanen', 'employee');
      const out = join(scratchDir(`backups-axe-${lang}`), 'b.osaava-backup');
      const backend = makeBackupBackend({ data, language: lang, saveBackupAs: () => out, pickBackup: () => out });
      const page = await openSettings(browser, backend);
      assert.deepEqual(await axeProblems(page), [], `${lang}: at rest`);
      await page.locator('section.backup .actions button').first().click();
      await page.locator('section.backup .notice').waitFor();
      await page.locator('section.backup .actions button').nth(1).click();
      await page.locator('#restore-confirm-heading').waitFor();
      assert.deepEqual(await axeProblems(page), [], `${lang}: with the confirmation`);
      await screenshot(page, `settings-backup-confirm-${lang}`);
      await page.assertClean();
    });
  }
});
