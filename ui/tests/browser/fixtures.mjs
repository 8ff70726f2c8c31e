// Real back-end output for the browser tests. The `osaava` CLI prints exactly the DTOs that the
// desktop app's commands return (`badges list --json` → BadgeSummary[], `badges show ID --json`
// → BadgeDetail, `badges import FILE --json` → ImportReport), so the mocked IPC answers with what
// the CLI says about a real data dir. Every answer is cached per data dir and arguments.
//
// Data dirs:
// - starter(): a fresh data dir, seeded with the starter library on first use.
// - extra(): a fresh data dir plus a second version of one starter badge and a badge whose id is
//   a URL and whose name is HTML (script and img), both imported through the CLI.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_DIR } from './server.mjs';

export const CLI = process.env.OSAAVA_CLI ?? join(REPO_DIR, 'target', 'debug', 'osaava');

/** The POSIX locale the CLI is run in for each UI language (its messages and reasons follow it). */
const LOCALES = { fi: 'fi_FI.UTF-8', sv: 'sv_FI.UTF-8', en: 'en_GB.UTF-8' };

export function assertCli() {
  if (!existsSync(CLI)) {
    throw new Error(
      `The osaava CLI is missing at ${CLI}. The browser tests answer IPC calls with its real output:` +
        ' build it with `cargo build -p osaava-cli` (from the repository root), or set OSAAVA_CLI.',
    );
  }
}

const tempDirs = [];
process.on('exit', () => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(name) {
  const d = mkdtempSync(join(tmpdir(), `osaava-ui-${name}-`));
  tempDirs.push(d);
  return d;
}

/** An error as the desktop app would reject with it (ApiError), made from the CLI's stderr. */
export class CliError extends Error {
  constructor(apiError, status) {
    super(apiError.message);
    this.apiError = apiError;
    this.status = status;
  }
}

/**
 * Parses the CLI's one-line error, `osaava: [FILE: ][$.PATH: ]message`, into an ApiError.
 * `files` are the files the command was given, so a file name with ': ' in it is still found.
 */
export function parseCliError(stderr, status, files = []) {
  // With --error-json (which every call here passes) the CLI prints the ApiError itself, code
  // included, exactly as the desktop app would reject with it.
  try {
    const printed = JSON.parse(stderr.trim().split('\n').at(-1));
    if (printed && typeof printed === 'object' && printed.kind && typeof printed.message === 'string') return printed;
  } catch {
    // An older one-line error: parsed below.
  }
  let rest = stderr.trim().replace(/^osaava:\s*/, '');
  const error = { kind: status === 3 ? 'internal' : 'bad-input', message: rest };
  const file = files.find((f) => rest.startsWith(`${f}: `));
  if (file) {
    error.file = file;
    rest = rest.slice(file.length + 2);
  }
  const path = /^(\$[^\s:]*(?:\[[^\]]*\][^\s:]*)*):\s+/.exec(rest);
  if (path) {
    error.path = path[1];
    rest = rest.slice(path[0].length);
  }
  error.message = rest;
  if (/\bno (badge|case|person)\b|\bnot found\b/i.test(rest)) error.kind = 'not-found';
  return error;
}

/** One data dir and the CLI over it. */
class DataDir {
  constructor(name) {
    assertCli();
    this.dir = tempDir(name);
    this.cache = new Map();
  }

  /** Runs `osaava --data-dir DIR ...args --json` and returns the parsed JSON (cached). */
  json(...args) {
    const key = JSON.stringify(args);
    if (!this.cache.has(key)) {
      const r = spawnSync(CLI, ['--data-dir', this.dir, ...args, '--json', '--error-json'], { encoding: 'utf8' });
      if (r.error) throw r.error;
      if (r.status !== 0) {
        const files = args[0] === 'badges' && args[1] === 'import' ? args.slice(2) : [];
        this.cache.set(key, new CliError(parseCliError(r.stderr, r.status, files), r.status));
      } else {
        this.cache.set(key, JSON.parse(r.stdout));
      }
    }
    const v = this.cache.get(key);
    if (v instanceof CliError) throw v;
    return structuredClone(v);
  }

  /** BadgeSummary[] for a ListBadgesRequest. */
  list(request = {}) {
    const args = ['badges', 'list'];
    if (request.query) args.push('--query', request.query);
    if (request.alignment) args.push('--alignment', request.alignment);
    return this.json(...args);
  }

  /** BadgeDetail for a ShowBadgeRequest. */
  show(request) {
    const args = ['badges', 'show', request.id];
    if (request.version !== undefined && request.version !== null) args.push('--version', String(request.version));
    return this.json(...args);
  }

  /**
   * Runs `osaava --data-dir DIR ...args --json` without caching (cases and people change) in the
   * UI language `lang`, as the desktop back end would answer in it. Returns the parsed JSON, null
   * for `{"ok": true}`, or throws a CliError.
   */
  run(args, { lang = 'fi', files = [] } = {}) {
    const r = spawnSync(CLI, ['--data-dir', this.dir, ...args, '--json', '--error-json'], {
      encoding: 'utf8',
      env: { ...process.env, LC_ALL: LOCALES[lang] ?? LOCALES.fi, LANG: LOCALES[lang] ?? LOCALES.fi },
    });
    if (r.error) throw r.error;
    if (r.status !== 0) throw new CliError(parseCliError(r.stderr, r.status, files), r.status);
    const out = JSON.parse(r.stdout);
    return out && typeof out === 'object' && out.ok === true && Object.keys(out).length === 1 ? null : out;
  }

  /** Adds a person through the CLI; returns their id. */
  person(name, role, { email, title } = {}) {
    const args = ['people', 'add', '--name', name, '--role', role];
    if (email) args.push('--email', email);
    if (title) args.push('--title', title);
    return this.run(args).id;
  }

  /** Opens a case through the CLI; returns its id. */
  openCase({ employee, badge, assessor, language = 'fi' }) {
    const args = ['case', 'open', '--employee', employee, '--badge', badge, '--language', language];
    if (assessor) args.push('--assessor', assessor);
    return this.run(args).id;
  }

  /** Imports files (not cached: each import changes the library) and returns the ImportReport. */
  import(...files) {
    const r = spawnSync(CLI, ['--data-dir', this.dir, 'badges', 'import', ...files, '--json', '--error-json'], { encoding: 'utf8' });
    if (r.error) throw r.error;
    this.cache.clear();
    if (r.status !== 0) throw new CliError(parseCliError(r.stderr, r.status, files), r.status);
    return JSON.parse(r.stdout);
  }
}

/** A new data dir of its own (seeded with the starter library on first use). */
export function fresh(name = 'fresh') {
  return new DataDir(name);
}

let starterDir;
let extraDir;

/** A data dir holding only the starter library. */
export function starter() {
  starterDir ??= new DataDir('starter');
  return starterDir;
}

/** The starter file of a badge (templates/badges/NAME.json), parsed. */
export function template(name) {
  return JSON.parse(readFileSync(join(REPO_DIR, 'templates', 'badges', `${name}.json`), 'utf8'));
}

/** A file in a temp dir with `content` (text or bytes); returns its path. */
export function writeFile(fileName, content) {
  const file = join(tempDir('files'), fileName);
  writeFileSync(file, content);
  return file;
}

/** A temp dir of its own (removed when the tests end). */
export function scratchDir(name = 'scratch') {
  return tempDir(name);
}

/** A file in a temp dir with `content` as JSON; returns its path. */
export function writeJson(fileName, content) {
  const file = join(tempDir('files'), fileName);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

export const HOSTILE_NAME = '<script>alert(1)</script> <img src=x onerror="window.__pwned=1;alert(2)">';
export const HOSTILE_ID = 'https://badges.example.fi/badge/<b>7</b>?x=1&y=2#frag';

/**
 * The starter library plus: first aid in a second version (its first criterion reworded) and an
 * Open Badges 2.0 badge whose id is a URL and whose name and texts are HTML.
 */
export function extra() {
  if (!extraDir) {
    extraDir = new DataDir('extra');
    extraDir.list(); // seeds the starter library
    const firstAid = template('first-aid');
    firstAid.source_version = '2026-2';
    firstAid.criteria[0].text.fi += ' Toinen versio: kirjaa tapahtuman heti.';
    firstAid.criteria[0].text.sv += ' Andra versionen: dokumenterar händelsen genast.';
    firstAid.criteria[0].text.en += ' Second version: records the event at once.';
    const hostile = {
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'BadgeClass',
      id: HOSTILE_ID,
      name: HOSTILE_NAME,
      description: 'Kuvaus <b>lihavoitu</b> <iframe src="https://example.org"></iframe>',
      image: 'https://badges.example.fi/image.png',
      criteria: { narrative: 'Osaa <i>jotain</i> & <a href="javascript:alert(3)">muuta</a>' },
      issuer: { id: 'https://badges.example.fi/issuer', type: 'Profile', name: 'Testi <em>Oy</em>' },
    };
    extraDir.import(writeJson('first-aid-v2.json', firstAid), writeJson('hostile-ob2.json', hostile));
  }
  return extraDir;
}

/** The CLI's version, for messages. */
export function cliVersion() {
  assertCli();
  return execFileSync(CLI, ['--version'], { encoding: 'utf8' }).trim();
}
