// Processes for the desktop E2E: a private X server (Xvfb), tauri-driver (which starts
// WebKitWebDriver, which starts the app), and the osaava CLI for expected values.
// Every child runs in its own process group so that stopping it also stops what it started.

import { spawn, execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newSession, sleep, waitForServer } from './webdriver.mjs';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'e2e');
export const APP = resolve(ROOT, process.env.OSAAVA_DESKTOP_BIN ?? 'target/debug/osaava-desktop');
export const CLI = resolve(ROOT, process.env.OSAAVA_CLI_BIN ?? 'target/debug/osaava');

mkdirSync(ARTIFACTS, { recursive: true });

// Every test file names its artifacts with its own prefix ("desktop-", "flow-") and, when it
// starts, removes its own from an earlier run: so each file there is from the latest run of the
// test file it names, and test files run by one `node --test` never delete each other's.
let prefix = '';
/** Claims `p` for this test file's artifacts and removes the ones an earlier run left. */
export function claimArtifacts(p) {
  if (!/^[a-z0-9]+-$/.test(p)) throw new Error(`artifact prefix must look like "name-": ${p}`);
  prefix = p;
  for (const f of readdirSync(ARTIFACTS)) if (f.startsWith(p)) rmSync(join(ARTIFACTS, f), { recursive: true, force: true });
}
/** The path of this test file's artifact `name`. */
export const artifact = (name) => join(ARTIFACTS, prefix + name);

const running = new Set();

/** Spawns `cmd` in a new process group, logging its output to test-artifacts/e2e/<prefix><name>.log. */
function start(name, cmd, args, options = {}) {
  const log = createWriteStream(artifact(`${name}.log`), { flags: 'a' });
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe', ...(options.extraStdio ?? [])], ...options });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const proc = { name, child, exited: new Promise((r) => child.once('exit', (code, signal) => r({ code, signal }))) };
  child.once('error', (e) => log.write(`spawn error: ${e}\n`));
  running.add(proc);
  return proc;
}

/** Stops a process group: SIGTERM, then SIGKILL after `graceMs`. */
export async function stop(proc, graceMs = 3000) {
  if (!proc || !running.has(proc)) return;
  running.delete(proc);
  const group = -proc.child.pid;
  const signal = (s) => {
    try {
      process.kill(group, s);
    } catch {
      /* already gone */
    }
  };
  if (proc.child.exitCode === null && proc.child.signalCode === null) {
    signal('SIGTERM');
    const timedOut = await Promise.race([proc.exited.then(() => false), sleep(graceMs).then(() => true)]);
    if (timedOut) signal('SIGKILL');
    await proc.exited;
  }
  // Grandchildren (WebKitWebDriver, the app, WebKit's helper processes) share the group.
  signal('SIGKILL');
}

export async function stopAll() {
  for (const p of [...running].reverse()) await stop(p);
}

/**
 * Processes still running in the groups we started, after giving killed ones up to `waitMs` to
 * finish exiting (a killed app shows as "D [osaava-desktop]" or "R" for a moment).
 */
export async function leftovers(procs, waitMs = 10_000) {
  const until = Date.now() + waitMs;
  let left = runningIn(procs);
  while (left.length && Date.now() < until) {
    await sleep(100);
    left = runningIn(procs);
  }
  return left;
}

/** Processes in the groups we started (zombies excluded: they are gone). */
function runningIn(procs) {
  const pids = [];
  for (const p of procs) {
    try {
      const out = execFileSync('ps', ['-o', 'pid=,stat=,args=', '-g', String(p.child.pid)], { encoding: 'utf8' });
      pids.push(...out.split('\n').filter((l) => l.trim() && !/^\s*\d+\s+Z/.test(l)));
    } catch {
      /* ps exits 1 when the group is empty */
    }
  }
  return pids;
}

export async function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** Starts Xvfb on a free display (it tells us which through -displayfd). */
export async function startXvfb() {
  const proc = start('xvfb', 'Xvfb', ['-displayfd', '3', '-screen', '0', '1440x960x24', '-nolisten', 'tcp'], {
    extraStdio: ['pipe'],
  });
  const display = await new Promise((res, rej) => {
    let buf = '';
    const timer = setTimeout(() => rej(new Error('Xvfb did not report a display in 15 s')), 15_000);
    proc.child.stdio[3].on('data', (d) => {
      buf += d;
      if (buf.includes('\n')) {
        clearTimeout(timer);
        res(':' + buf.trim());
      }
    });
    proc.exited.then(({ code }) => rej(new Error(`Xvfb exited with ${code}; see test-artifacts/e2e/${prefix}xvfb.log`)));
  });
  return { proc, display };
}

/** A fresh, empty data dir. */
export function freshDataDir(label) {
  return mkdtempSync(join(tmpdir(), `osaava-e2e-${label}-`));
}

export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Starts tauri-driver with the app's environment: the data dir, the locale and the display.
 * The app inherits it through WebKitWebDriver.
 */
export async function startDriver({ name, display, dataDir, lang }) {
  const port = await freePort();
  let nativePort = await freePort();
  while (nativePort === port) nativePort = await freePort();
  const env = { ...process.env, DISPLAY: display, OSAAVA_DATA_DIR: dataDir, LANG: lang, NO_AT_BRIDGE: '1' };
  // The app reads LC_ALL, LC_MESSAGES, then LANG: only LANG may speak for the OS here.
  for (const k of ['LC_ALL', 'LC_MESSAGES', 'LANGUAGE', 'WAYLAND_DISPLAY']) delete env[k];
  const proc = start(name, 'tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], { env });
  const url = `http://127.0.0.1:${port}`;
  await Promise.race([
    waitForServer(url),
    proc.exited.then(({ code }) => {
      throw new Error(`tauri-driver exited with ${code}; see test-artifacts/e2e/${prefix}${name}.log`);
    }),
  ]);
  return { proc, url, dataDir, lang, display };
}

/** Starts the app directly (no WebDriver), for what happens before a webview exists. */
export function launchApp({ name, display, dataDir, lang }) {
  const env = { ...process.env, DISPLAY: display, OSAAVA_DATA_DIR: dataDir, LANG: lang, NO_AT_BRIDGE: '1' };
  for (const k of ['LC_ALL', 'LC_MESSAGES', 'LANGUAGE', 'WAYLAND_DISPLAY']) delete env[k];
  return start(name, APP, [], { env });
}

/**
 * X window ids whose title is exactly `title` (xdotool); with `pid`, only that process's windows
 * (GTK sets _NET_WM_PID), so a window of an app that is still being stopped is not taken.
 */
export function xWindowIds(display, title, pid) {
  try {
    const byPid = pid === undefined ? [] : ['--pid', String(pid)];
    const out = execFileSync('xdotool', ['search', '--onlyvisible', ...byPid, '--name', `^${title}$`], { encoding: 'utf8', env: { ...process.env, DISPLAY: display } });
    return out.split('\n').filter(Boolean);
  } catch {
    return []; // xdotool exits 1 when nothing matches
  }
}

/** Sends key presses to an X window (xdotool; no window manager needed). */
export function xKey(display, windowId, ...keys) {
  execFileSync('xdotool', ['windowfocus', '--sync', windowId, 'key', ...keys], { env: { ...process.env, DISPLAY: display } });
}

/** Types text into an X window (xdotool). */
export function xType(display, windowId, text) {
  execFileSync('xdotool', ['windowfocus', '--sync', windowId, 'type', '--delay', '20', text], { env: { ...process.env, DISPLAY: display } });
}

/** Opens the app: a WebDriver session with only `tauri:options.application` (DESIGN.md). */
export async function openApp(driver) {
  return newSession(driver.url, { 'tauri:options': { application: APP } });
}

/** Runs the osaava CLI on `dataDir` and parses its JSON output. */
export function cli(dataDir, ...args) {
  const out = execFileSync(CLI, ['--data-dir', dataDir, ...args, '--json'], { encoding: 'utf8' });
  return JSON.parse(out);
}

let shots = 0;
/** Saves the viewport as test-artifacts/e2e/<prefix>NN-name.png. */
export async function screenshot(session, name) {
  shots += 1;
  const file = artifact(`${String(shots).padStart(2, '0')}-${name}.png`);
  writeFileSync(file, await session.screenshot());
  return file;
}

/** The whole X screen (window frame and size included) as test-artifacts/e2e/<prefix><name>.png. */
export function screenshotScreen(display, name) {
  const file = artifact(`${name}.png`);
  execFileSync('import', ['-display', display, '-window', 'root', file]);
  return file;
}

/** Top-level X windows as { title, width, height }, from xwininfo. */
export function xWindows(display) {
  const out = execFileSync('xwininfo', ['-display', display, '-root', '-tree'], { encoding: 'utf8' });
  const windows = [];
  for (const m of out.matchAll(/0x[0-9a-f]+ "([^"]*)":.*?\s(\d+)x(\d+)[+-]/g)) {
    windows.push({ title: m[1], width: Number(m[2]), height: Number(m[3]) });
  }
  return windows;
}

/**
 * Picks `file` in the native GTK file dialog titled `title` (opened by Rust, so WebDriver cannot
 * see it): Ctrl+L opens GTK's location field, the path is typed, and Return is pressed until the
 * dialog goes (the first Return may only close GTK's completion popup). `shot` names screenshots
 * of the whole screen with the dialog open and with the path typed.
 */
export async function pickFileInDialog(session, display, title, file, shot) {
  const [dialog] = await session.waitFor(`the native file dialog "${title}"`, () => xWindowIds(display, title).length && xWindowIds(display, title));
  if (shot) screenshotScreen(display, `${shot}-dialog`);
  xKey(display, dialog, 'ctrl+l');
  await sleep(500);
  xType(display, dialog, file);
  await sleep(500);
  if (shot) screenshotScreen(display, `${shot}-dialog-typed`);
  for (let i = 0; i < 3 && xWindowIds(display, title).length; i++) {
    xKey(display, dialog, 'Return');
    await sleep(1000);
  }
  await session.waitFor(`the dialog "${title}" to close`, () => xWindowIds(display, title).length === 0);
}

/**
 * Saves as `file` in the native GTK save dialog titled `title`: the name field has the focus and
 * the offered name; Ctrl+A and the typed path replace it, and Return saves.
 */
export async function saveFileInDialog(session, display, title, file, shot) {
  const [dialog] = await session.waitFor(`the native save dialog "${title}"`, () => xWindowIds(display, title).length && xWindowIds(display, title));
  if (shot) screenshotScreen(display, `${shot}-dialog`);
  await sleep(500);
  xKey(display, dialog, 'ctrl+a');
  xType(display, dialog, file);
  await sleep(500);
  if (shot) screenshotScreen(display, `${shot}-dialog-typed`);
  for (let i = 0; i < 3 && xWindowIds(display, title).length; i++) {
    xKey(display, dialog, 'Return');
    await sleep(1000);
  }
  await session.waitFor(`the dialog "${title}" to close`, () => xWindowIds(display, title).length === 0);
}
