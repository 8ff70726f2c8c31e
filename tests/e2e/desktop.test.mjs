// The desktop app in a real window: Xvfb + tauri-driver + WebKitWebDriver driving
// target/debug/osaava-desktop on fresh data dirs. Expected values come from the osaava CLI
// reading the same data dir, so the test does not hard-code the starter library.
//
// Run: node --test tests/e2e/   (after `cargo build -p osaava-desktop -p osaava-cli`)
// Screenshots and logs: test-artifacts/e2e/

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  APP,
  CLI,
  claimArtifacts,
  cli,
  freshDataDir,
  launchApp,
  leftovers,
  openApp,
  removeDir,
  screenshot,
  screenshotScreen,
  startDriver,
  startXvfb,
  stop,
  stopAll,
  ROOT,
  xKey,
  xWindowIds,
  xWindows,
  pickFileInDialog,
} from './harness.mjs';
import { cspViolations, norm, origin, SHOWN, shown, visibleText, waitForApp, waitForTexts, watchCsp, xpathString } from './page.mjs';

const LABELS = { fi: 'Suomi', sv: 'Svenska', en: 'English' };
const TIMEOUT = { timeout: 180_000 };

claimArtifacts('desktop-');

/** Visible links to a badge page: [{ id, text }]. */
async function badgeLinks(s) {
  return s.execute(`${SHOWN}
    const out = [];
    for (const a of document.querySelectorAll('a[href]')) {
      const m = new URL(a.href, location.href).pathname.match(/\\/badges\\/([^/]+)\\/?$/);
      if (m && shown(a)) out.push({ id: decodeURIComponent(m[1]), text: a.innerText });
    }
    return out;`);
}

/** Clicks an in-app link to the badge list if there is one, else navigates there. */
async function goToBadgeList(s) {
  const [link] = await s.execute(`${SHOWN}
    const links = [...document.querySelectorAll('a[href]')].filter((a) => !a.getAttribute('href').startsWith('#') && shown(a));
    const path = (a) => new URL(a.href, location.href).pathname.replace(/\\/$/, '');
    return [...links.filter((a) => path(a) === '/badges'), ...links.filter((a) => path(a) === '')];`);
  if (link) await link.click();
  else await s.navigate(`${await origin(s)}/badges`);
}

/**
 * Finds the visible control that chooses `label` ("Svenska"): an <option>, a button, a link,
 * a radio or its label. Returns a WebDriver element or null.
 */
async function findLanguageControl(s, label) {
  const [el] = await s.execute(
    `
    const label = arguments[0];
    const norm = (t) => (t || '').replace(/\\s+/g, ' ').trim();
    const matches = (t) => norm(t) === label || norm(t).startsWith(label + ' ');
    ${SHOWN}
    for (const o of document.querySelectorAll('select option')) {
      if (matches(o.textContent) && shown(o.closest('select'))) return [o];
    }
    const sel = 'button, a, [role=button], [role=radio], [role=menuitemradio], [role=menuitem], [role=option], [role=tab], label';
    for (const e of document.querySelectorAll(sel)) {
      if (shown(e) && (matches(e.innerText) || matches(e.getAttribute('aria-label')))) return [e];
    }
    return [];`,
    [label],
  );
  return el ?? null;
}

/** Chooses a language the way a user would, looking on this page, then in the settings. */
async function chooseLanguage(s, lang) {
  const label = LABELS[lang];
  let control = await findLanguageControl(s, label);
  if (!control) {
    const [settings] = await s.execute(`${SHOWN}
      return [...document.querySelectorAll('a[href]')].filter((a) =>
        new URL(a.href, location.href).pathname.replace(/\\/$/, '') === '/settings' && shown(a));`);
    if (settings) await settings.click();
    else await s.navigate(`${await origin(s)}/settings`);
    control = await s.waitFor(`a control labelled "${label}"`, () => findLanguageControl(s, label));
  }
  await control.click();
}

describe('Osaava desktop app', () => {
  let x;
  let driver;
  let session;
  let expected; // the CLI's view of the first data dir
  const dirs = [];
  const stopped = [];

  before(async () => {
    assert.ok(existsSync(APP), `${APP} is missing: run cargo build -p osaava-desktop`);
    assert.ok(existsSync(CLI), `${CLI} is missing: run cargo build -p osaava-cli`);
    x = await startXvfb();
  });

  after(async () => {
    if (session) await session.delete().catch(() => {});
    const procs = [x?.proc, driver?.proc, ...stopped].filter(Boolean);
    await stopAll();
    for (const d of dirs) removeDir(d);
    const left = await leftovers(procs);
    assert.deepEqual(left, [], 'processes left running after the E2E run');
  });

  it('opens the main window on a fresh data dir and the start screen is interactive', TIMEOUT, async () => {
    const dataDir = freshDataDir('fi');
    dirs.push(dataDir);
    driver = await startDriver({ name: 'driver-fi', display: x.display, dataDir, lang: 'fi_FI.UTF-8' });
    session = await openApp(driver);

    await waitForApp(session);
    // Interactive: something visible to read and something to click.
    const text = await session.waitFor('visible text on the start screen', () => visibleText(session));
    assert.ok(text.length > 20, `start screen shows almost nothing: ${JSON.stringify(text)}`);
    const clickable = await session.css('a[href], button, [role=button], select, input');
    assert.ok(clickable.length > 0, 'the start screen has nothing to click');
    await screenshot(session, 'start');

    const win = await session.waitFor('the Osaava window', () => xWindows(x.display).find((w) => w.title === 'Osaava'));
    assert.equal(`${win.width}x${win.height}`, '1280x800', 'window size');
    screenshotScreen(x.display, '00-screen');

    assert.ok(existsSync(join(dataDir, 'osaava.sqlite3')), 'the app created osaava.sqlite3 in OSAAVA_DATA_DIR');
    expected = { dataDir, badges: cli(dataDir, 'badges', 'list') };
  });

  it('keeps the webview locked down: no global Tauri API, no ungranted commands, CSP on', TIMEOUT, async () => {
    const r = await session.executeAsync(`
      const done = arguments[arguments.length - 1];
      const out = { globalTauri: typeof window.__TAURI__ };
      try { eval('1'); out.eval = 'ran'; } catch (e) { out.eval = e.name; }
      const ipc = window.__TAURI_INTERNALS__;
      Promise.allSettled([
        ipc.invoke('get_settings'),
        ipc.invoke('plugin:dialog|open', { options: {} }),
        ipc.invoke('plugin:fs|read_text_file', { path: '/etc/passwd' }),
      ]).then(([ok, dialog, fs]) => {
        out.settings = ok.status === 'fulfilled' ? ok.value.language : String(ok.reason);
        out.dialog = dialog.status === 'rejected' ? String(dialog.reason) : 'allowed';
        out.fs = fs.status === 'rejected' ? String(fs.reason) : 'allowed';
        done(out);
      });`);
    assert.equal(r.globalTauri, 'undefined', 'withGlobalTauri must be off');
    assert.equal(r.settings, 'fi', 'a granted command works (and LANG=fi_FI gives Finnish)');
    assert.match(r.dialog, /not allowed|denied|forbidden/i, `JS dialog access must be refused: ${r.dialog}`);
    assert.notEqual(r.fs, 'allowed', 'file system access must be refused');
    assert.equal(r.eval, 'EvalError', 'the CSP forbids eval');
  });

  it('lists the starter badges, seeded on first start', TIMEOUT, async () => {
    const names = expected.badges.map((b) => shown(b.name, 'fi'));
    await watchCsp(session); // from here on (test 2 broke the CSP on purpose)
    await goToBadgeList(session);
    await waitForTexts(session, 'every starter badge name in Finnish', names);
    const links = await badgeLinks(session);
    const ids = new Set(links.map((l) => l.id));
    for (const b of expected.badges) assert.ok(ids.has(b.id), `no link to the page of badge ${b.id}`);
    await screenshot(session, 'badges-fi');
    assert.ok(names.length >= 10, `the starter library should have at least 10 badges; the app shows ${names.length}`);
  });

  it('shows Finnish badge names with ä and ö', TIMEOUT, async () => {
    const withUmlauts = expected.badges.map((b) => shown(b.name, 'fi')).filter((n) => /[äöÄÖ]/.test(n));
    assert.ok(withUmlauts.length > 0, 'no starter badge name has ä or ö');
    const [name] = withUmlauts;
    const [el] = await session.xpath(`//*[contains(normalize-space(.), ${xpathString(name)}) and not(*[contains(normalize-space(.), ${xpathString(name)})])]`);
    assert.ok(el, `no element shows "${name}"`);
    assert.ok(await el.displayed(), `"${name}" is not displayed`);
    assert.equal(norm(await el.text()).includes(name), true, 'the text comes back with ä/ö intact');
  });

  it('opens a badge page with its criteria, also on reload of the deep link', TIMEOUT, async () => {
    const badge = expected.badges.find((b) => /[äö]/.test(shown(b.name, 'fi'))) ?? expected.badges[0];
    const detail = cli(expected.dataDir, 'badges', 'show', badge.id);
    const criteria = detail.criteria.map((c) => shown(c.text, 'fi'));
    assert.ok(criteria.length > 0, `${badge.id} has no criteria`);

    await goToBadgeList(session);
    const link = await session.waitFor(`a link to ${badge.id}`, () => findBadgeLink(session, badge.id));
    assert.ok(link, `no link to ${badge.id}`);
    await link.click();
    await session.waitFor(`the URL of ${badge.id}`, async () => new URL(await session.url()).pathname.includes(`/badges/${encodeURIComponent(badge.id)}`));
    await waitForTexts(session, `the criteria of ${badge.id}`, [shown(badge.name, 'fi'), ...criteria]);
    await screenshot(session, 'badge-page');
    assert.deepEqual(await cspViolations(session), [], 'the CSP blocked something while browsing');

    // A reload (or a deep link) of /badges/ID must serve the app, not a 404.
    await session.navigate(await session.url());
    await waitForTexts(session, `the criteria of ${badge.id} after a reload`, criteria);
    await screenshot(session, 'badge-page-reloaded');
    await watchCsp(session);
  });

  it('imports a badge file chosen in the native file dialog', TIMEOUT, async () => {
    // A new badge made from a starter template, with its own id and names.
    const template = JSON.parse(readFileSync(join(ROOT, 'templates', 'badges', 'aseptic-work.json'), 'utf8'));
    const badge = {
      ...template,
      id: 'e2e-kasihygienia',
      name: { fi: 'Käsihygienia pähkinänkuoressa', sv: 'Handhygien i ett nötskal', en: 'Hand hygiene in a nutshell' },
    };
    delete badge.$schema;
    const file = join(freshDataDir('import'), 'käsihygienia.json');
    dirs.push(dirname(file));
    writeFileSync(file, JSON.stringify(badge, null, 2));

    await goToBadgeList(session);
    const button = await session.waitFor('the import button', async () => {
      const [b] = await session.execute(`${SHOWN}
        return [...document.querySelectorAll('[data-testid="import-badges"], button')].filter((b) =>
          shown(b) && (b.dataset.testid === 'import-badges' || /^(tuo|importera|import)\\b/i.test(b.innerText.trim())));`);
      return b;
    });
    await button.click();
    // The dialog is GTK's, opened by Rust: found by the title the app gives it.
    await pickFileInDialog(session, x.display, 'Tuo osaamismerkkejä', file, '50-import');
    await session.waitFor('the badge in the library', () => cli(expected.dataDir, 'badges', 'list').some((b) => b.id === badge.id));
    await goToBadgeList(session);
    await waitForTexts(session, 'the imported badge in the list', [badge.name.fi]);
    await screenshot(session, 'imported');
    assert.deepEqual(await cspViolations(session), [], 'the CSP blocked something while importing');
    expected.badges = cli(expected.dataDir, 'badges', 'list');
  });

  it('switches language to English and Svenska, and remembers it after a restart', TIMEOUT, async () => {
    for (const lang of ['en', 'sv']) {
      const before = await visibleText(session);
      await chooseLanguage(session, lang);
      await session.waitFor(`visible text to change after choosing ${LABELS[lang]}`, async () => (await visibleText(session)) !== before);
      await screenshot(session, `chose-${lang}`);
      await goToBadgeList(session);
      await expectLanguage(session, expected.badges, lang);
      await screenshot(session, `badges-${lang}`);
    }

    await session.delete();
    session = await openApp(driver);
    await waitForApp(session);
    await goToBadgeList(session);
    await expectLanguage(session, expected.badges, 'sv');
    await screenshot(session, 'restarted-sv');
  });

  it('starts in Swedish on a fresh data dir when the OS locale is sv_SE', TIMEOUT, async () => {
    await session.delete().catch(() => {});
    session = undefined;
    stopped.push(driver.proc);
    await stop(driver.proc);
    const dataDir = freshDataDir('sv');
    dirs.push(dataDir);
    driver = await startDriver({ name: 'driver-sv', display: x.display, dataDir, lang: 'sv_SE.UTF-8' });
    session = await openApp(driver);
    await waitForApp(session);
    await goToBadgeList(session);
    await expectLanguage(session, cli(dataDir, 'badges', 'list'), 'sv');
    await screenshot(session, 'fresh-sv');
  });

  it('explains a data dir it cannot open in a native dialog and exits with code 2', TIMEOUT, async () => {
    await session.delete().catch(() => {});
    session = undefined;
    stopped.push(driver.proc);
    await stop(driver.proc);
    const parent = freshDataDir('broken');
    dirs.push(parent);
    const notADir = join(parent, 'osaava-data');
    writeFileSync(notADir, 'this is a file, not a directory');
    // The previous app is killed with its driver; wait until its window is gone from the screen.
    for (let i = 0; i < 100 && xWindowIds(x.display, 'Osaava').length; i++) await new Promise((r) => setTimeout(r, 100));

    const app = launchApp({ name: 'app-broken-data-dir', display: x.display, dataDir: notADir, lang: 'fi_FI.UTF-8' });
    stopped.push(app);
    const exited = app.exited.then((r) => ({ ...r, early: true }));
    const [dialog] = await Promise.race([
      exited.then((r) => {
        throw new Error(`the app exited (${JSON.stringify(r)}) before showing a dialog`);
      }),
      (async () => {
        for (let i = 0; i < 100; i++) {
          // This app's own window: the previous test's app may not have gone yet.
          const ids = xWindowIds(x.display, 'Osaava', app.child.pid);
          if (ids.length) return ids;
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error('no window titled Osaava within 10 s');
      })(),
    ]);
    screenshotScreen(x.display, '90-broken-data-dir');
    assert.deepEqual(
      xWindows(x.display).filter((w) => w.title === 'Osaava' && w.width >= 900),
      [],
      'no main window may open when the data dir cannot be opened',
    );
    xKey(x.display, dialog, 'Return');
    const result = await Promise.race([app.exited, new Promise((r) => setTimeout(() => r({ code: 'still running after 10 s' }), 10_000))]);
    assert.equal(result.code, 2, 'exit code for a data dir that is a file (bad input)');
  });
});

/** Badge names are shown in `lang`, and names that exist only in another language are not. */
async function expectLanguage(session, badges, lang) {
  const names = badges.map((b) => shown(b.name, lang));
  const text = await waitForTexts(session, `the badge names in ${LABELS[lang]}`, names);
  const others = badges.flatMap((b) => Object.values(b.name)).filter((n) => n && !names.includes(n) && !names.some((m) => m.includes(n)));
  const stale = others.filter((n) => text.includes(norm(n)));
  assert.deepEqual(stale, [], `names in another language are still visible in ${LABELS[lang]}`);
}

async function findBadgeLink(session, id) {
  for (const a of await session.css('a[href]')) {
    const href = await a.attribute('href');
    if (href && decodeURIComponent(href).replace(/\/$/, '').endsWith(`/badges/${id}`) && (await a.displayed())) return a;
  }
  return null;
}
