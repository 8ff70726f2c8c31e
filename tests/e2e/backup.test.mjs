// Backup and restore in the real desktop app (Xvfb + tauri-driver + WebKitWebDriver) on a fresh
// data dir, in Finnish: a person is added, the data is backed up through the native save dialog,
// another person is added, the backup is restored through the native open dialog after the
// confirmation, and the person added after the backup is gone while the app keeps working on the
// restored data (one more person is added and the CLI reads it from the same data dir). The data
// dir as it was is kept aside next to it. Screenshots: test-artifacts/e2e/backup-NN-*.png.
//
// Run: node --test tests/e2e/backup.test.mjs   (after `cargo build -p osaava-desktop -p osaava-cli`)

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  APP,
  CLI,
  claimArtifacts,
  cli,
  freshDataDir,
  leftovers,
  openApp,
  pickFileInDialog,
  removeDir,
  ROOT,
  saveFileInDialog,
  screenshot,
  startDriver,
  startXvfb,
  stopAll,
} from './harness.mjs';
import { choose, click, origin, pathname, typeInto, visibleText, waitForApp, waitForTexts } from './page.mjs';

const TIMEOUT = { timeout: 180_000 };
const MESSAGES = JSON.parse(readFileSync(join(ROOT, 'ui', 'messages', 'fi.json'), 'utf8'));

/** The Finnish text of `key`, with `{name}` parameters filled in. */
function t(key, params = {}) {
  const text = MESSAGES[key];
  assert.equal(typeof text, 'string', `ui/messages/fi.json has no plain text "${key}"`);
  return text.replace(/\{(\w+)\}/g, (_, k) => String(params[k]));
}

claimArtifacts('backup-');

describe('backup and restore in the desktop app', () => {
  const procs = [];
  let x;
  let driver;
  let s;
  let dataDir;
  let files;
  let failed = false;
  const backupFile = () => join(files, 'osaava-varmuuskopio.osaava-backup');

  const step = (name, fn) =>
    it(name, TIMEOUT, async (tc) => {
      if (failed) return tc.skip('an earlier step failed');
      try {
        await fn(tc);
      } catch (e) {
        failed = true;
        await screenshot(s, 'failed').catch(() => {});
        throw e;
      }
    });

  async function goTo(path, texts, what) {
    await s.navigate(`${await origin(s)}${path}`);
    await s.waitFor(`${what} (path)`, async () => (await pathname(s)) === path);
    return waitForTexts(s, what, texts);
  }

  async function addPerson(name) {
    await goTo('/people', [t('people_title')], 'the People screen');
    await typeInto(s, t('person_name'), name, { within: '.add' });
    await choose(s, t('person_role'), t('role_employee'), { within: '.add' });
    await click(s, t('person_add_button'), { within: '.add' });
    await s.waitFor(`${name}'s page`, async () => /^\/people\/[^/]+$/.test(await pathname(s)));
    await waitForTexts(s, `${name}'s page`, [name]);
  }

  const people = () => cli(dataDir, 'people', 'list').map((p) => p.name).sort();

  before(async () => {
    assert.ok(existsSync(APP), `${APP} is missing: run cargo build -p osaava-desktop`);
    assert.ok(existsSync(CLI), `${CLI} is missing: run cargo build -p osaava-cli`);
    dataDir = freshDataDir('backup');
    files = freshDataDir('backup-files');
    x = await startXvfb();
    procs.push(x.proc);
    driver = await startDriver({ name: 'driver', display: x.display, dataDir, lang: 'fi_FI.UTF-8' });
    procs.push(driver.proc);
    s = await openApp(driver);
    await waitForApp(s);
  });

  after(async () => {
    if (s) await s.delete().catch(() => {});
    await stopAll();
    if (dataDir) for (const n of readdirSync(dirname(dataDir))) if (n.startsWith(`${basename(dataDir)}.before-restore-`)) removeDir(join(dirname(dataDir), n));
    for (const d of [dataDir, files]) if (d) removeDir(d);
    assert.deepEqual(await leftovers(procs), [], 'processes left running');
  });

  step('1. adds a person and backs up the data through the native save dialog', async () => {
    await addPerson('Ennen Varmuuskopiota');
    await goTo('/settings', [t('backup_heading'), t('backup_never')], 'Settings before any backup');
    const shownDir = await s.waitFor('the data folder shown', () => s.execute(`return document.querySelector('#data-dir-path')?.value`));
    assert.equal(shownDir, dataDir, 'the data folder is shown');
    await s.execute(`document.querySelector('#backup-heading').scrollIntoView({ block: 'start' })`);
    await screenshot(s, 'settings');
    await click(s, t('backup_create'));
    await saveFileInDialog(s, x.display, 'Tallenna varmuuskopio', backupFile(), 'backup-save');
    await waitForTexts(s, 'the backup saved', [t('backup_done'), backupFile(), t('backup_done_next')]);
    await waitForTexts(s, 'the last backup shown', [t('backup_last', { when: '' }).trim()]);
    assert.ok(existsSync(backupFile()), 'the backup file exists');
    const manifest = cli(dataDir, 'backup', 'inspect', backupFile());
    assert.equal(manifest.counts.people, 1);
    await screenshot(s, 'backed-up');
  });

  step('2. adds another person, then restores the backup after the confirmation: that person is gone', async () => {
    await addPerson('Jälkeen Varmuuskopion');
    assert.deepEqual(people(), ['Ennen Varmuuskopiota', 'Jälkeen Varmuuskopion']);
    await goTo('/settings', [t('backup_heading')], 'Settings');
    await click(s, t('backup_restore'));
    await pickFileInDialog(s, x.display, 'Valitse palautettava varmuuskopio', backupFile(), 'backup-open');
    const text = await waitForTexts(s, 'the confirmation', [
      t('backup_confirm_heading'),
      t('backup_confirm_checked'),
      basename(backupFile()),
      t('backup_confirm_restore'),
    ]);
    assert.ok(text.includes(t('backup_counts', { people: 1, cases: 0, evidence: 0, statements: 0, badges: '' }).split(',')[0]));
    assert.deepEqual(people(), ['Ennen Varmuuskopiota', 'Jälkeen Varmuuskopion'], 'nothing replaced before the confirmation');
    await screenshot(s, 'confirm');
    await click(s, t('backup_confirm_restore'));
    const done = await waitForTexts(s, 'the restore', [t('backup_restored'), t('backup_previous_kept')]);
    const kept = readdirSync(dirname(dataDir)).filter((n) => n.startsWith(`${basename(dataDir)}.before-restore-`));
    assert.equal(kept.length, 1, 'the old data dir is kept aside');
    assert.ok(done.includes(join(dirname(dataDir), kept[0])), 'and the user is told where');
    await screenshot(s, 'restored');
    assert.deepEqual(people(), ['Ennen Varmuuskopiota']);
  });

  step('3. the app works on the restored data without a restart', async () => {
    const text = await goTo('/people', [t('people_title'), 'Ennen Varmuuskopiota'], 'the People screen after the restore');
    assert.ok(!text.includes('Jälkeen Varmuuskopion'), 'the person added after the backup is gone');
    await addPerson('Palautuksen Jälkeen');
    assert.deepEqual(people(), ['Ennen Varmuuskopiota', 'Palautuksen Jälkeen']);
    const list = await goTo('/people', ['Palautuksen Jälkeen'], 'the People screen');
    assert.ok(!list.includes('Jälkeen Varmuuskopion'));
    await screenshot(s, 'people-after');
    assert.ok((await visibleText(s)).includes('Ennen Varmuuskopiota'));
  });
});
