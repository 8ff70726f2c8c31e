// Chromium (Debian's /usr/bin/chromium through playwright-core) on the built UI, with Tauri's IPC
// mocked: an init script defines window.__TAURI_INTERNALS__.invoke, the function
// @tauri-apps/api's invoke() calls, and forwards each call to a back end in this Node process
// that answers from the real CLI (fixtures.mjs).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { starter } from './fixtures.mjs';
import { REPO_DIR, startServer } from './server.mjs';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = join(REPO_DIR, 'test-artifacts', 'ui');
export const LABELS = { fi: 'Suomi', sv: 'Svenska', en: 'English' };
export const LANGS = ['fi', 'sv', 'en'];

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** What the UI shows for a LocalizedText in `lang`: that language, else fi, sv, en. */
export const shown = (text, lang) => [text?.[lang], text?.fi, text?.sv, text?.en].find((t) => t && t.trim())?.trim() ?? '';
export const norm = (s) => s.replace(/\s+/g, ' ').trim();

/**
 * Starts the static server and Chromium (fresh profile). Returns { server, context, close() }.
 */
export async function startBrowser(serverOptions = {}) {
  const server = await startServer(serverOptions);
  const profile = mkdtempSync(join(tmpdir(), 'osaava-ui-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 800 },
      locale: 'fi-FI',
    });
  } catch (e) {
    await server.close();
    rmSync(profile, { recursive: true, force: true });
    throw new Error(`Chromium did not start from ${CHROMIUM} (install it with scripts/setup-system.sh): ${e.message}`);
  }
  // Nothing leaves the machine: any request that is not to the test server fails.
  await context.route(
    (url) => !url.href.startsWith(server.url),
    (route) => route.abort('blockedbyclient'),
  );
  return {
    server,
    context,
    async close() {
      await context.close().catch(() => {});
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A mocked Tauri back end: answers each command from `data` (a fixtures data dir) and records
 * every call. `importDialog(data)` stands in for the native file dialog plus the import.
 */
export function makeBackend({ data = starter(), language = 'fi', importDialog, failSetLanguage = false, failGetSettings = false } = {}) {
  const calls = [];
  const settings = { language, data_dir: data.dir };
  const handlers = {
    list_badges: (args) => data.list(args?.request ?? {}),
    show_badge: (args) => data.show(args.request),
    get_settings: () => {
      if (failGetSettings) throw { kind: 'internal', message: 'could not open the settings table' };
      return { ...settings };
    },
    set_language: (args) => {
      if (failSetLanguage) throw { kind: 'internal', message: 'database is locked' };
      const language = args?.request?.language;
      if (!LANGS.includes(language)) throw { kind: 'bad-input', message: `unknown language ${JSON.stringify(language)}` };
      settings.language = language;
      return { ...settings };
    },
    import_badges_dialog: () => (importDialog ? importDialog(data) : null),
  };
  return {
    data,
    calls,
    settings,
    /** Answers one IPC call: { ok: true, value } or { ok: false, error }. */
    handle(cmd, args) {
      calls.push({ cmd, args });
      const handler = handlers[cmd];
      if (!handler) return { ok: false, error: `Command ${cmd} not found` };
      try {
        return { ok: true, value: handler(args) ?? null };
      } catch (e) {
        return { ok: false, error: e?.apiError ?? (e instanceof Error ? { kind: 'internal', message: e.message } : e) };
      }
    },
  };
}

// Runs in the page before any of its scripts (CDP's addScriptToEvaluateOnNewDocument, which the
// page's CSP does not govern).
const INIT_SCRIPT = `(() => {
  window.__osaava = { csp: [], errors: [] };
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__osaava.csp.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
  });
  let nextCallback = 1;
  window.__TAURI_INTERNALS__ = {
    async invoke(cmd, args = {}, options) {
      const answer = await window.__osaavaIpc(cmd, JSON.parse(JSON.stringify(args ?? {})));
      if (answer.ok) return answer.value;
      throw answer.error;
    },
    transformCallback(callback, once) {
      const id = nextCallback++;
      window['_' + id] = (r) => { if (once) delete window['_' + id]; return callback && callback(r); };
      return id;
    },
    unregisterCallback(id) { delete window['_' + id]; },
    convertFileSrc(path, protocol = 'asset') { return protocol + '://localhost/' + encodeURIComponent(path); },
    metadata: { currentWindow: { label: 'main' }, currentWebview: { windowLabel: 'main', label: 'main' } },
  };
})();`;

/**
 * Opens `path` in a new page wired to `backend`. Records page errors, console errors and dialogs
 * (alert() and friends), and checks them in `page.assertClean()`.
 */
export async function openPage(browser, backend, path = '/badges', { width = 1280, height = 800 } = {}) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width, height });
  const problems = [];
  const dialogs = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  await page.exposeFunction('__osaavaIpc', (cmd, args) => backend.handle(cmd, args));
  await page.addInitScript(INIT_SCRIPT);
  page.problems = problems;
  page.dialogs = dialogs;
  page.assertClean = async () => {
    const csp = await page.evaluate(() => window.__osaava?.csp ?? []);
    assert.deepEqual(csp, [], 'Content-Security-Policy violations');
    assert.deepEqual(dialogs, [], 'dialogs opened by the page');
    assert.deepEqual(problems, [], 'errors in the page');
  };
  await page.goto(`${browser.server.url}${path}`);
  return page;
}

/** Waits until the page's main heading is there (the screen has rendered). */
export async function ready(page) {
  await page.locator('main h1').first().waitFor({ state: 'visible', timeout: 15_000 });
}

/** The visible text of the page, whitespace collapsed. */
export async function visibleText(page) {
  return norm(await page.locator('body').innerText());
}

/** The names shown as badge links in the library table, in order. */
export async function listedNames(page) {
  return (await page.locator('table.badges tbody a.badge-link').allInnerTexts()).map(norm);
}

/** Waits until the library lists exactly `names` (in any order). */
export async function waitForList(page, names, what) {
  const want = [...names].map(norm).sort();
  let got = [];
  try {
    await page.waitForFunction(
      (expected) => {
        const norm = (s) => s.replace(/\s+/g, ' ').trim();
        const got = [...document.querySelectorAll('table.badges tbody a.badge-link')].map((a) => norm(a.innerText)).sort();
        return JSON.stringify(got) === JSON.stringify(expected);
      },
      want,
      { timeout: 10_000 },
    );
  } catch {
    got = (await listedNames(page)).sort();
    assert.deepEqual(got, want, `the library should list ${what}`);
  }
}

/** Runs axe-core on the page; returns serious and critical violations as readable lines. */
export async function axeProblems(page) {
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ['violations'] }),
  );
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Saves a full-page screenshot to test-artifacts/ui/NAME.png. */
export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Clicks the header's language button for `lang`. */
export async function chooseLanguage(page, lang) {
  await page.getByRole('group', { name: /Kieli|Språk|Language/ }).getByRole('button', { name: LABELS[lang] }).click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}
