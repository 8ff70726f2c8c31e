#!/usr/bin/env node
// Desktop startup benchmark (`npm run bench`; not a test): the release osaava-desktop beside a bare
// Tauri 2 window with a static page (crates/osaava-bench/bare-window), both started the same way in
// the same run, under Xvfb through tauri-driver and WebKitWebDriver (tests/e2e/harness.mjs).
//
// For each run, WebDriver asks for a new session, which starts the app; from that request the page
// is polled until the start screen's four role choices (input[name=role]) are laid out, enabled and
// the topmost element at their centre: "interactive". The same is timed from the app process's own
// start (its start time in /proc, 10 ms resolution). Once interactive, the resident memory of the
// app and its WebKit child processes (web, network) is sampled until it settles (idle) and summed:
// VmRSS, VmHWM (the peak) and PSS (which, unlike RSS, does not count shared pages twice). The
// session is then closed, which ends the app. One warm-up run of each is discarded; the runs then
// alternate between the two apps. Medians, ranges and the ratio Osaava / bare window are printed
// and written to target/bench-startup.json. The files are in the page cache after the warm-up:
// this is a warm start of a new process, the usual case on a desktop.
//
//   node scripts/bench-startup.mjs [--runs N] [--osaava BIN] [--bare BIN] [--cli BIN] [--out FILE]

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { claimArtifacts, freshDataDir, removeDir, ROOT, startDriver, startXvfb, stopAll } from '../tests/e2e/harness.mjs';
import { newSession, sleep } from '../tests/e2e/webdriver.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const RUNS = Number(opt('runs', process.env.OSAAVA_STARTUP_RUNS ?? 7));
const OSAAVA = resolve(ROOT, opt('osaava', 'target/release/osaava-desktop'));
const BARE = resolve(ROOT, opt('bare', 'target/release/osaava-bare-window'));
const CLI = resolve(ROOT, opt('cli', 'target/release/osaava'));
const OUT = resolve(ROOT, opt('out', 'target/bench-startup.json'));
for (const [what, bin] of [['osaava-desktop', OSAAVA], ['the bare window', BARE], ['the osaava CLI', CLI]]) {
  if (!existsSync(bin)) {
    console.error(`bench-startup: ${bin} (${what}) is missing: run npm run bench, which builds it`);
    process.exit(1);
  }
}
if (!(RUNS >= 1)) throw new Error(`--runs must be a positive number: ${RUNS}`);

claimArtifacts('bench-');

// ---- /proc ------------------------------------------------------------------------------------
const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
const pids = () => readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
function stat(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(rest[1]), start: Number(rest[19]) };
  } catch {
    return null;
  }
}
function descendants(root) {
  const children = new Map();
  for (const p of pids()) {
    const st = stat(p);
    if (st) children.set(st.ppid, [...(children.get(st.ppid) ?? []), p]);
  }
  const out = [];
  const walk = (p) => (children.get(p) ?? []).forEach((c) => (out.push(c), walk(c)));
  walk(root);
  return out;
}
const exe = (pid) => {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return null;
  }
};
const comm = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
};
/** kB values of VmRSS and VmHWM from /proc/PID/status and Pss from smaps_rollup (0 when gone). */
function memory(pid) {
  const kb = (text, key) => Number(text.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0);
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    let pss = 0;
    try {
      pss = kb(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'), 'Pss');
    } catch {
      /* no smaps_rollup: PSS stays 0 */
    }
    return { rss: kb(status, 'VmRSS'), hwm: kb(status, 'VmHWM'), pss };
  } catch {
    return { rss: 0, hwm: 0, pss: 0 };
  }
}
const sum = (list, key) => list.reduce((a, m) => a + m[key], 0);

// The monotonic clock (performance.now) against the clock of /proc start times (ticks since boot),
// calibrated on an edge of /proc/uptime's 10 ms steps.
function bootClockOffset() {
  const uptime = () => readFileSync('/proc/uptime', 'utf8').split(' ')[0];
  const first = uptime();
  let now;
  for (;;) {
    const u = uptime();
    now = performance.now();
    if (u !== first) return Number(u) * 1000 - now;
  }
}

// ---- One run ----------------------------------------------------------------------------------
const INTERACTIVE = `
  const inputs = [...document.querySelectorAll('input[name=role]')];
  if (document.readyState !== 'complete' || inputs.length < 4) return false;
  return inputs.every((i) => {
    if (i.disabled) return false;
    const box = i.closest('label') ?? i;
    const r = box.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (r.width < 2 || r.height < 2 || x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
    const hit = document.elementFromPoint(x, y);
    return hit !== null && (hit === i || box.contains(hit));
  });`;

async function run(driver, bin, offset) {
  const before = new Set(descendants(driver.proc.child.pid));
  const t0 = performance.now();
  const session = await newSession(driver.url, { 'tauri:options': { application: bin } });
  let t1;
  for (;;) {
    let ok = false;
    try {
      ok = await session.execute(INTERACTIVE);
    } catch {
      /* the page is still loading */
    }
    t1 = performance.now();
    if (ok) break;
    if (t1 - t0 > 60_000) throw new Error(`${bin}: the start screen was not interactive after 60 s`);
    await sleep(2);
  }
  const app = descendants(driver.proc.child.pid).find((p) => !before.has(p) && exe(p) === bin);
  if (!app) throw new Error(`${bin}: its process was not found under tauri-driver`);
  const fromProcess = t1 - (stat(app).start * TICK_MS - offset);

  // Idle: the summed RSS changes by less than 1% over a second (at most 20 s).
  const group = () => [app, ...descendants(app)];
  const samples = [];
  for (let i = 0; i < 80; i++) {
    samples.push(sum(group().map(memory), 'rss'));
    const n = samples.length;
    if (n >= 5 && Math.abs(samples[n - 1] - samples[n - 5]) <= 0.01 * samples[n - 1]) break;
    await sleep(250);
  }
  const procs = group().map((p) => ({ pid: p, name: comm(p), ...memory(p) }));
  await session.delete();
  for (let i = 0; i < 100 && stat(app); i++) await sleep(100);
  if (stat(app)) throw new Error(`${bin} (pid ${app}) still runs after its session was closed`);
  return {
    toInteractiveMs: t1 - t0,
    processStartToInteractiveMs: fromProcess,
    rssKb: sum(procs, 'rss'),
    hwmKb: sum(procs, 'hwm'),
    pssKb: sum(procs, 'pss'),
    processes: procs,
  };
}

// ---- The benchmark ----------------------------------------------------------------------------
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const dataDir = freshDataDir('bench-startup');
let x;
try {
  // A data dir as the app finds it on any start but the first: migrated and seeded (by the CLI).
  execFileSync(CLI, ['--data-dir', dataDir, 'badges', 'list', '--json'], { stdio: 'ignore' });
  x = await startXvfb();
  const driver = await startDriver({ name: 'driver', display: x.display, dataDir, lang: 'fi_FI.UTF-8' });
  const offset = bootClockOffset();
  const apps = [
    { key: 'osaava', name: 'osaava-desktop', bin: OSAAVA, runs: [] },
    { key: 'bare', name: 'bare Tauri window', bin: BARE, runs: [] },
  ];
  console.log(`bench-startup: one warm-up run each, then ${RUNS} runs each, alternating`);
  for (const a of apps) await run(driver, a.bin, offset);
  for (let i = 0; i < RUNS; i++) {
    for (const a of i % 2 ? [...apps].reverse() : apps) {
      const r = await run(driver, a.bin, offset);
      a.runs.push(r);
      console.log(
        `bench-startup: ${a.name.padEnd(18)} run ${i + 1}: interactive ${r.toInteractiveMs.toFixed(0)} ms after the request, ` +
          `${r.processStartToInteractiveMs.toFixed(0)} ms after process start; RSS ${(r.rssKb / 1024).toFixed(1)} MB, ` +
          `HWM ${(r.hwmKb / 1024).toFixed(1)} MB, PSS ${(r.pssKb / 1024).toFixed(1)} MB (${r.processes.map((p) => p.name).join(', ')})`,
      );
    }
  }

  const METRICS = [
    ['toInteractiveMs', 'request → interactive', 'ms', 1],
    ['processStartToInteractiveMs', 'process start → interactive', 'ms', 1],
    ['rssKb', 'VmRSS, app + WebKit processes', 'MB', 1024],
    ['hwmKb', 'VmHWM (peak), summed', 'MB', 1024],
    ['pssKb', 'PSS, summed', 'MB', 1024],
  ];
  const [o, b] = apps;
  const summary = {};
  console.log(`\nbench-startup: median of ${RUNS} runs (range), ratio osaava-desktop / bare window, measured in the same run`);
  console.log(`bench-startup: ${''.padEnd(32)} ${'osaava-desktop'.padStart(22)} ${'bare window'.padStart(22)}  ratio`);
  for (const [key, label, unit, div] of METRICS) {
    const stats = (a) => {
      const xs = a.runs.map((r) => r[key] / div);
      return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
    };
    const so = stats(o);
    const sb = stats(b);
    summary[key] = { unit, osaava: so, bare: sb, ratio: so.median / sb.median };
    const cell = (s) => `${s.median.toFixed(unit === 'ms' ? 0 : 1)} ${unit} (${s.min.toFixed(unit === 'ms' ? 0 : 1)}–${s.max.toFixed(unit === 'ms' ? 0 : 1)})`;
    console.log(`bench-startup: ${label.padEnd(32)} ${cell(so).padStart(22)} ${cell(sb).padStart(22)}  x${(so.median / sb.median).toFixed(2)}`);
  }
  const names = (a) => [...new Set(a.runs.flatMap((r) => r.processes.map((p) => p.name)))].join(', ');
  console.log(`bench-startup: processes summed: osaava-desktop: ${names(o)}; bare window: ${names(b)}`);
  writeFileSync(
    OUT,
    JSON.stringify(
      {
        runs: RUNS,
        method: 'tauri-driver + WebKitWebDriver under Xvfb (1440x960); interactive = the four input[name=role] laid out, enabled and topmost at their centre; memory after the summed RSS changed < 1% over 1 s',
        binaries: { osaava: OSAAVA, bare: BARE },
        summary,
        osaava: o.runs,
        bare: b.runs,
      },
      null,
      2,
    ),
  );
  console.log(`bench-startup: wrote ${OUT}`);
} finally {
  await stopAll();
  removeDir(dataDir);
}
