// Chromium (Debian's /usr/bin/chromium through playwright-core) on the built UI, with Tauri's IPC
// mocked: an init script defines window.__TAURI_INTERNALS__.invoke, the function
// @tauri-apps/api's invoke() calls, and forwards each call to a back end in this Node process
// that answers from the real CLI (fixtures.mjs).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
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
 * A mocked Tauri back end: answers each command from `data` (a fixtures data dir) through the real
 * `osaava` CLI and records every call. Stand-ins for what only the desktop shell does:
 * - `importDialog(data)`: the files picked in the native dialog for a badge import (null: cancelled);
 *   each is reported on the page's progress channel, `importHold(done, total)` is awaited after each,
 *   a `cancel_import` is honoured before the next file (nothing stored, as in Rust), and then the
 *   real CLI imports them all;
 * - `pickEvidence()`: the paths the user would pick in the evidence dialog (null: cancelled);
 * - `saveSelfAs()`: the path chosen in the save dialog for a self-assessment export;
 * - `pickSelfFile()`: the self-assessment file chosen for import;
 * - `backend.drop(paths)`: files dropped on the window (sent to the page through its channel).
 * The profile is kept here, as the settings are. `person_cases` is put together from `case list`
 * (the CLI has no such command) and `assign_assessor` is only recorded (nor that); everything else
 * is the CLI's own answer.
 */
export function makeBackend({
  data = starter(),
  language = 'fi',
  importDialog,
  importHold,
  pickEvidence,
  saveSelfAs,
  pickSelfFile,
  profile = {},
  failSetLanguage = false,
  failGetSettings = false,
  fail = {},
} = {}) {
  const calls = [];
  const settings = { language, data_dir: data.dir };
  const state = { profile: { ...profile }, channel: null, drops: new Map(), nextDrop: 1, closed: false, cancelled: new Set() };
  const run = (args, opts = {}) => data.run(args, { lang: settings.language, ...opts });
  const req = (args) => args?.request ?? {};
  const opt = (args, flag, value) => {
    if (value !== undefined && value !== null && value !== '') args.push(flag, String(value));
    return args;
  };
  const person = (id) => {
    const p = run(['people', 'list']).find((x) => x.id === id);
    if (!p) throw { kind: 'not-found', message: `no person with id ${JSON.stringify(id)}; see \`osaava people list\`` };
    return p;
  };
  const evidenceArgs = (r, file) => {
    const args = ['evidence', 'add', r.case, '--kind', r.kind, '--criteria', (r.criteria ?? []).join(',')];
    opt(args, '--file', file);
    opt(args, '--obtained', r.obtained);
    opt(args, '--author', r.author);
    opt(args, '--note', r.note);
    if (r.verified) args.push('--verified');
    return args;
  };
  const addFiles = (r, paths) =>
    paths.map((p) => {
      try {
        return { file: basename(p), added: run(evidenceArgs(r, p), { files: [p] }) };
      } catch (e) {
        const error = e?.apiError ?? { kind: 'internal', message: String(e) };
        return { file: basename(p), error: { ...error, file: basename(p) } };
      }
    });
  const DECISION = { recognised: 'recognise', 'partially-recognised': 'partially', 'not-yet': 'not-yet' };
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
    import_badges_dialog: async (a) => {
      const files = importDialog ? importDialog(data) : null;
      if (!files || !files.length) return null;
      for (let done = 1; done <= files.length; done++) {
        if (state.cancelled.has(a.job)) return { cancelled: true };
        await backend.sendChannel(a.onProgress, { done, total: files.length });
        if (importHold) await importHold(done, files.length);
      }
      if (state.cancelled.has(a.job)) return { cancelled: true };
      return { cancelled: false, report: data.import(...files) };
    },
    cancel_import: (a) => {
      state.cancelled.add(a.job);
      return null;
    },
    // Settings' data folder (backup-fixture.mjs answers the backup commands themselves).
    data_dir: () => ({ data_dir: data.dir }),

    search_people: (a) => {
      const r = req(a);
      const args = ['people', 'list'];
      opt(args, '--search', r.query);
      opt(args, '--role', r.role);
      opt(args, '--limit', r.limit);
      return run(args);
    },
    list_people: () => run(['people', 'list']),
    show_person: (a) => person(req(a).id),
    add_person: (a) => {
      const r = req(a);
      const args = ['people', 'add', '--name', r.name ?? '', '--role', r.role];
      opt(args, '--email', r.email);
      opt(args, '--title', r.title);
      return run(args);
    },
    get_profile: () => ({ ...state.profile }),
    set_profile: (a) => {
      const r = req(a);
      let p;
      if (r.person) {
        p = person(r.person);
        if (p.role !== r.role) throw { kind: 'bad-input', message: `${p.name} is registered as ${p.role}, not ${r.role}` };
      }
      state.profile = p ? { role: r.role, person: p } : { role: r.role };
      return { ...state.profile };
    },

    list_cases: (a) => {
      const r = req(a);
      const args = ['case', 'list'];
      opt(args, '--state', r.state);
      opt(args, '--employee', r.employee);
      opt(args, '--limit', r.limit);
      opt(args, '--offset', r.offset);
      return run(args);
    },
    person_cases: (a) => {
      const r = req(a);
      const p = person(r.person);
      const all = run(['case', 'list', '--limit', '500']);
      const mine = all.filter(
        (c) =>
          (p.role === 'employee' ? c.employee_id === p.id : p.role === 'assessor' && c.assessor_name === p.name) &&
          !(r.open_only && (c.state === 'decided' || c.state === 'withdrawn')),
      );
      const offset = r.offset ?? 0;
      return mine.slice(offset, offset + (r.limit ?? 50));
    },
    open_case: (a) => {
      const r = req(a);
      const args = ['case', 'open', '--employee', r.employee, '--badge', r.badge];
      opt(args, '--badge-version', r.badge_version);
      opt(args, '--assessor', r.assessor);
      opt(args, '--language', r.language ?? settings.language);
      return run(args);
    },
    show_case: (a) => run(['case', 'show', req(a).case]),
    assign_assessor: () => null,
    self_assess: (a) => {
      const r = req(a);
      const args = ['self-assess', r.case, '--criterion', r.criterion, '--level', String(r.level)];
      if (r.example !== undefined) args.push('--example', r.example);
      return run(args);
    },
    submit_self_assessment: (a) => run(['case', 'submit-self-assessment', req(a).case]),
    return_for_revision: (a) => run(['case', 'return', req(a).case]),
    export_self_assessment_dialog: (a) => {
      const out = saveSelfAs ? saveSelfAs() : null;
      if (!out) return null;
      run(['self-assessment', 'export', req(a).case, '--out', out]);
      return basename(out);
    },
    import_self_assessment_dialog: () => {
      const file = pickSelfFile ? pickSelfFile() : null;
      return file ? run(['self-assessment', 'import', file], { files: [file] }) : null;
    },
    add_evidence: (a) => run(evidenceArgs(req(a))),
    add_evidence_dialog: (a) => {
      const paths = pickEvidence ? pickEvidence() : null;
      return paths && paths.length ? addFiles(req(a), paths) : null;
    },
    add_dropped_evidence: (a) => {
      const paths = state.drops.get(a.drop);
      state.drops.delete(a.drop);
      if (!paths) throw { kind: 'bad-input', message: 'those dropped files are no longer available; drop them again' };
      return addFiles(req(a), paths);
    },
    update_evidence: (a) => {
      const r = req(a);
      const args = ['evidence', 'update', r.case, r.evidence];
      if (r.verified !== undefined) args.push('--verified', String(r.verified));
      if (r.criteria) args.push('--criteria', r.criteria.join(','));
      return run(args);
    },
    interview_guide: (a) => run(['interview', 'guide', req(a).case]),
    interview_note: (a) => {
      const r = req(a);
      return run(['interview', 'note', r.case, '--criterion', r.criterion, '--text', r.text]);
    },
    rate: (a) => {
      const r = req(a);
      const args = ['rate', r.case, '--criterion', r.criterion, '--rating', r.rating];
      opt(args, '--rationale', r.rationale);
      return run(args);
    },
    pause_interview: (a) => run(['interview', 'pause', req(a).case]),
    resume_interview: (a) => run(['interview', 'resume', req(a).case]),
    finish_interview: (a) => run(['interview', 'finish', req(a).case]),
    compare_case: (a) => run(['compare', req(a).case]),
    decide: (a) => {
      const r = req(a);
      const args = ['decide', r.case, '--decision', DECISION[r.decision] ?? r.decision];
      opt(args, '--justification', r.justification);
      return run(args);
    },
    watch_window: (a) => {
      state.channel = Number(String(a?.onEvent ?? '').replace('__CHANNEL__:', '')) || null;
      state.sent = 0;
      return null;
    },
    close_window: () => {
      state.closed = true;
      return null;
    },
  };
  const answer = (value) => ({ ok: true, value: value ?? null });
  const failure = (e) => ({ ok: false, error: e?.apiError ?? (e instanceof Error ? { kind: 'internal', message: e.message } : e) });
  const sent = new Map();
  const backend = {
    data,
    calls,
    settings,
    state,
    /** The page this backend answers (openPage sets it), for channel messages. */
    page: null,
    /** Answers one IPC call: { ok: true, value } or { ok: false, error } (or a promise of it). */
    handle(cmd, args) {
      calls.push({ cmd, args });
      const handler = handlers[cmd];
      if (!handler) return { ok: false, error: `Command ${cmd} not found` };
      if (fail[cmd]) return { ok: false, error: fail[cmd] };
      try {
        const v = handler(args);
        return v && typeof v.then === 'function' ? v.then(answer, failure) : answer(v);
      } catch (e) {
        return failure(e);
      }
    },
    /** Sends `message` to the page through the channel `ref` ('__CHANNEL__:N') it passed. */
    async sendChannel(ref, message) {
      const id = Number(String(ref ?? '').replace('__CHANNEL__:', ''));
      if (!backend.page || !id) return;
      const index = sent.get(id) ?? 0;
      sent.set(id, index + 1);
      await backend.page.evaluate(([id, index, message]) => window['_' + id]?.({ index, message }), [id, index, message]);
    },
    /** Registers dropped files as Rust would and returns the drop's id (send it with sendWindow). */
    registerDrop(paths) {
      const id = state.nextDrop++;
      state.drops.clear();
      state.drops.set(id, paths);
      return id;
    },
    /** The commands called so far, by name. */
    called(cmd) {
      return calls.filter((c) => c.cmd === cmd);
    },
  };
  return backend;
}

/** Sends a window message to the page through the channel it registered with watch_window. */
export async function sendWindow(page, backend, message) {
  await page.waitForFunction(() => true);
  if (!backend.state.channel) throw new Error('the page has not called watch_window');
  backend.state.sent = (backend.state.sent ?? 0) + 1;
  await page.evaluate(
    ([id, index, message]) => window['_' + id]({ index, message }),
    [backend.state.channel, backend.state.sent - 1, message],
  );
}

/** Drops files on the window: Rust keeps the paths and tells the page the names and an id. */
export async function dropFiles(page, backend, paths) {
  const id = backend.registerDrop(paths);
  await sendWindow(page, backend, { event: 'drag-enter', count: paths.length });
  await sendWindow(page, backend, { event: 'drop', id, names: paths.map((p) => basename(p)) });
  return id;
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
  backend.page = page;
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
