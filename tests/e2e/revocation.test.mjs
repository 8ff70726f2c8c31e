// Revocation lists on the real desktop app, in Finnish, across two data dirs as in real life: the
// issuing organisation (a data dir made by `osaava demo`: keys, a decided case and its signed
// statement) revokes the statement in the app and saves its signed revocation list through the
// native save dialog; a college (its own data dir, trusting the organisation's root certificate)
// verifies the statement PDF (valid, with "no revocation list from this organisation"), imports
// the list through the native open dialog, and verifies the same PDF again: revoked, with the
// issuer's reason and the list's date.
//
// Texts come from ui/messages/fi.json, expected values from the osaava CLI on the same data dirs.
// Screenshots: test-artifacts/e2e/revocation-NN-*.png.
//
// Run: node --test --test-reporter=spec tests/e2e/revocation.test.mjs
//      (after `npm --prefix ui run build` and `cargo build -p osaava-desktop -p osaava-cli`)

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
  stop,
  stopAll,
} from './harness.mjs';
import { click, pathname, typeInto, waitForApp, waitForTexts } from './page.mjs';

claimArtifacts('revocation-');

const LANG = 'fi';
const TIMEOUT = { timeout: 240_000 };
const DEMO_PASSPHRASE = 'osaava-demo-passphrase';
const REASON = 'Lausunto annettiin väärälle henkilölle.';
const LIST_FILE = 'sulkulista-kielo.json';

const MESSAGES = JSON.parse(readFileSync(join(ROOT, 'ui', 'messages', `${LANG}.json`), 'utf8'));
/** The UI's text for `key` with its {params} filled in, as the screen shows it. */
function t(key, params = {}) {
  const text = MESSAGES[key];
  assert.equal(typeof text, 'string', `ui/messages/${LANG}.json has no plain text "${key}"`);
  return text.replace(/\{(\w+)\}/g, (_, k) => {
    assert.ok(k in params, `"${key}" needs {${k}}`);
    return String(params[k]);
  });
}

describe('Revocation lists: the organisation revokes and saves its list, the college imports it', () => {
  let x;
  let driver;
  let s;
  let demoDir; // osaava demo --out: data/, statement.pdf, org-ca.pem
  let issuerDir;
  let collegeDir;
  let files;
  let caseId;
  let failed = false;
  const procs = [];

  const step = (name, fn) =>
    it(name, TIMEOUT, async (tc) => {
      if (failed) return tc.skip('an earlier step failed');
      try {
        await fn(tc);
      } catch (e) {
        failed = true;
        await screenshot(s, 'FAILED').catch(() => {});
        throw e;
      }
    });

  /** Opens the screen at `path` as the app's own links do (screens load when opened directly). */
  async function go(path, texts = []) {
    await s.execute(`const a = document.createElement('a'); a.href = arguments[0]; document.body.append(a); a.click(); a.remove();`, [path]);
    await s.waitFor(`the page ${path}`, async () => (await pathname(s)) === path);
    return waitForTexts(s, `the page ${path}`, texts);
  }

  /** Starts the app on `dataDir` (stopping the one running). */
  async function startAppOn(dataDir, name) {
    if (s) await s.delete().catch(() => {});
    if (driver) await stop(driver.proc);
    driver = await startDriver({ name, display: x.display, dataDir, lang: 'fi_FI.UTF-8' });
    procs.push(driver.proc);
    s = await openApp(driver);
    await waitForApp(s);
  }

  before(async () => {
    assert.ok(existsSync(APP), `${APP} is missing: run cargo build -p osaava-desktop`);
    assert.ok(existsSync(CLI), `${CLI} is missing: run cargo build -p osaava-cli`);
    demoDir = freshDataDir('revocation-demo');
    execFileSync(CLI, ['demo', '--out', demoDir], { encoding: 'utf8' });
    issuerDir = join(demoDir, 'data');
    [{ id: caseId }] = cli(issuerDir, 'case', 'list');
    collegeDir = freshDataDir('revocation-college');
    cli(collegeDir, 'keys', 'trust', join(demoDir, 'org-ca.pem'));
    files = freshDataDir('revocation-files');
    x = await startXvfb();
    procs.push(x.proc);
    await startAppOn(issuerDir, 'driver-issuer');
  });

  after(async () => {
    if (s) await s.delete().catch(() => {});
    await stopAll();
    for (const d of [demoDir, collegeDir, files]) if (d) removeDir(d);
    assert.deepEqual(await leftovers(procs), [], 'processes left running');
  });

  step('1. the organisation revokes the statement on its statement screen', async () => {
    await go(`/cases/${caseId}/statement`, [t('statement_revoke')]);
    await click(s, t('statement_revoke'));
    await typeInto(s, t('statement_reason_label'), REASON, { leave: false });
    await click(s, t('statement_revoke_next'));
    await click(s, t('statement_revoke_yes'));
    await waitForTexts(s, 'the statement revoked', [t('statement_revoked_ok'), REASON]);
    const [shown] = cli(issuerDir, 'statement', 'list', caseId);
    assert.equal(shown.revoked?.reason, REASON, 'stored as revoked');
    await screenshot(s, 'revoked');
  });

  step('2. and saves its signed revocation list in Settings through the native save dialog', async () => {
    await go('/settings', [t('revocation_save_title'), t('revocation_save_help')]);
    await typeInto(s, t('revocation_save_passphrase'), DEMO_PASSPHRASE, { leave: false });
    await click(s, t('revocation_save'));
    await saveFileInDialog(s, x.display, 'Tallenna sulkulista', join(files, LIST_FILE), 'save-list');
    await waitForTexts(s, 'the list saved', [t('revocation_saved', { file: LIST_FILE })]);
    const saved = JSON.parse(readFileSync(join(files, LIST_FILE), 'utf8'));
    assert.equal(saved.format, 'osaava-revocations/1');
    await screenshot(s, 'list-saved');
  });

  step('3. the college verifies the statement: valid, but no revocation list from the organisation yet', async () => {
    await startAppOn(collegeDir, 'driver-college');
    await go('/verify', [t('verify_title'), t('revocation_title'), t('revocation_empty')]);
    await click(s, t('verify_choose'));
    await pickFileInDialog(s, x.display, 'Valitse tarkistettavat lausunnot', join(demoDir, 'statement.pdf'), 'verify-no-list');
    const text = await waitForTexts(s, 'the statement valid, revocation not checked', ['statement.pdf', t('verify_valid'), t('revocation_result_no_list')], 60_000);
    assert.ok(!text.includes(t('verify_invalid')), 'not called invalid for want of a list');
    await screenshot(s, 'verify-no-list');
  });

  step('4. imports the list through the native dialog: shown with its organisation and count', async () => {
    await click(s, t('revocation_import'));
    await pickFileInDialog(s, x.display, 'Valitse tuotavat sulkulistat', join(files, LIST_FILE), 'import-list');
    await waitForTexts(s, 'the list imported', [t('revocation_counts', { revoked: 1, superseded: 0 }), t('revocation_age_today')]);
    const [kept] = cli(collegeDir, 'keys', 'revocation-lists');
    assert.equal(kept.revoked, 1);
    await s.execute(`document.getElementById('revocations-heading').scrollIntoView()`);
    await screenshot(s, 'list-imported');
  });

  step('5. and verifies the same PDF again: revoked, with the reason and the list it was checked against', async () => {
    await click(s, t('verify_choose'));
    await pickFileInDialog(s, x.display, 'Valitse tarkistettavat lausunnot', join(demoDir, 'statement.pdf'), 'verify-revoked');
    const text = await waitForTexts(s, 'the statement revoked', ['statement.pdf', t('verify_invalid'), REASON, t('verify_summary', { valid: 0, total: 1 })], 60_000);
    assert.ok(text.includes(MESSAGES.revocation_result_list.split(',')[0]), 'the list used is named');
    assert.ok(!text.includes(t('verify_valid_lead')), 'the revoked statement is not called valid');
    await s.execute('window.scrollTo(0, 0)');
    await screenshot(s, 'verify-revoked');
  });
});
