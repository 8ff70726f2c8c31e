// The statement stage for the browser tests, answered by the real `osaava` CLI: real keys, real
// signed statement PDFs (`osaava demo`, `statement issue`), real verification reports
// (`osaava verify --json`) and real trust lists, on data dirs of their own.
//
// makeStatementBackend() extends harness.mjs's makeBackend with the commands of
// src-tauri/src/statement_commands.rs. Stand-ins for what only the desktop shell does:
// - `pickPdfs()`: the paths chosen in the verify dialog (null: cancelled);
// - `pickCerts()`: the certificate files chosen to trust; `pickP12()`: the PKCS#12 file;
// - `saveAs(kind, offered)`: the path chosen in a save dialog ('statement' or 'ca'), given the name
//   the dialog would offer; null: cancelled;
// - `afterEachFile(i, state)`: awaited after each verified file (a test holds a run open with it).
// Verification reports progress through the page's channel, as Rust does, one message per file.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { assessed } from './cases-fixture.mjs';
import { CLI, CliError, fresh, parseCliError, scratchDir } from './fixtures.mjs';
import { makeBackend } from './harness.mjs';

export const DEMO_PASSPHRASE = 'osaava-demo-passphrase';
export const PASSPHRASE = 'Kielo-avain 2026!';
export const P12_PASSPHRASE = 'p12-salasana';
const LOCALES = { fi: 'fi_FI.UTF-8', sv: 'sv_FI.UTF-8', en: 'en_GB.UTF-8' };

/** Runs the CLI on `dir` in `lang` with `env`; the parsed JSON, or throws a CliError. */
export function cli(dir, args, { lang = 'fi', env = {}, files = [], cwd, allow = [0] } = {}) {
  const r = spawnSync(CLI, ['--data-dir', dir, ...args, '--json', '--error-json'], {
    encoding: 'utf8',
    cwd,
    env: { ...process.env, LC_ALL: LOCALES[lang], LANG: LOCALES[lang], ...env },
  });
  if (r.error) throw r.error;
  if (!allow.includes(r.status)) throw new CliError(parseCliError(r.stderr, r.status, files), r.status);
  const out = r.stdout.trim() ? JSON.parse(r.stdout) : null;
  return out && typeof out === 'object' && out.ok === true && Object.keys(out).length === 1 ? null : out;
}

/**
 * `osaava demo --out DIR`: a data dir with an organisation, keys (DEMO_PASSPHRASE), a decided case
 * and its signed statement; DIR/statement.pdf and DIR/org-ca.pem beside it. `data` is a fixtures
 * data dir pointed at it, for makeBackend.
 */
export function demo(name = 'demo') {
  const out = scratchDir(name);
  const r = spawnSync(CLI, ['demo', '--out', out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`osaava demo failed: ${r.stderr}`);
  const data = fresh(name);
  rmSync(data.dir, { recursive: true, force: true });
  data.dir = join(out, 'data');
  const [c] = cli(data.dir, ['case', 'list']);
  return { out, data, caseId: c.id, pdf: join(out, 'statement.pdf'), ca: join(out, 'org-ca.pem') };
}

/** An assessed first-aid case, decided through the CLI, by an organisation with keys (PASSPHRASE). */
export function decidedWithKeys(name, opts) {
  const s = assessed(name, opts);
  s.data.run(['decide', s.caseId, '--decision', 'partially', '--justification', 'Elvytys harjoitellaan uudelleen.']);
  cli(s.data.dir, ['org', 'set', '--name', 'Hoivakoti Kielo Oy', '--business-id', '0112038-9']);
  cli(s.data.dir, ['init'], { env: { OSAAVA_PASSPHRASE: PASSPHRASE } });
  return s;
}

/** A copy of `pdf` named `name` with one byte of its signed content changed. */
export function tampered(pdf, name = 'muutettu.pdf') {
  const bytes = readFileSync(pdf);
  // A third of the way in: inside the signed first revision, well before the signature.
  const at = Math.floor(bytes.length / 3);
  bytes[at] = bytes[at] === 0x58 ? 0x59 : 0x58;
  const file = join(scratchDir('tampered'), name);
  writeFileSync(file, bytes);
  return file;
}

/** A copy of `file` under another name (any characters a file system allows). */
export function copyAs(file, name) {
  const to = join(scratchDir('copy'), name);
  copyFileSync(file, to);
  return to;
}

/** A signing certificate from an outside CA in a PKCS#12 file (P12_PASSPHRASE), made by openssl. */
export function pkcs12() {
  const d = scratchDir('p12');
  const sh = (script) => {
    const r = spawnSync('sh', ['-c', script], { cwd: d, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${script}: ${r.stderr}`);
  };
  sh(
    "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 365 -subj '/C=FI/O=Testi-CA Oy/CN=Testi-CA' -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign",
  );
  sh(
    "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout signer.key -out signer.csr -subj '/C=FI/O=Hoivakoti Kielo Oy/organizationIdentifier=NTRFI-0112038-9/CN=Hoivakoti Kielo Oy'",
  );
  sh(
    "printf 'basicConstraints=CA:FALSE\\nkeyUsage=critical,digitalSignature,nonRepudiation\\n' > ext.cnf && openssl x509 -req -in signer.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 300 -extfile ext.cnf -out signer.pem",
  );
  sh(`openssl pkcs12 -export -inkey signer.key -in signer.pem -certfile ca.pem -passout pass:${P12_PASSPHRASE} -out signer.p12`);
  return join(d, 'signer.p12');
}

/** makeBackend plus the statement commands, answered by the CLI on the same data dir. */
export function makeStatementBackend(options = {}) {
  const { pickPdfs, pickCerts, pickP12, saveAs, afterEachFile, fail = {} } = options;
  const backend = makeBackend(options);
  const inner = backend.handle.bind(backend);
  const dir = () => backend.data.dir;
  const lang = () => backend.settings.language;
  const run = (args, opts = {}) => cli(dir(), args, { lang: lang(), ...opts });
  const state = backend.state;
  state.cancelled = new Set();
  state.offered = [];
  state.picked12 = null;
  const keysSettings = () => ({ organisation: run(['org', 'show']) ?? undefined, keys: run(['keys', 'show']) });
  const pass = (env) => ({ env });
  const tmpPdf = () => join(mkdtempSync(join(tmpdir(), 'osaava-ui-pdf-')), 'statement.pdf');

  /** Verifies `paths` one by one as Rust would, sending progress to the page's channel. */
  async function verify(paths, job, channel) {
    const send = (message) => backend.sendChannel(channel, message);
    const total = paths.length;
    await send({ event: 'started', total, files: paths.map((p) => basename(p)) });
    const results = [];
    for (let i = 0; i < total; i++) {
      if (state.cancelled.has(job)) break;
      const p = paths[i];
      let result;
      try {
        // Run in the file's folder, so the report names the file as the desktop does (no path).
        const report = cli(dir(), ['verify', basename(p)], { lang: lang(), cwd: dirname(p), allow: [0, 1, 2] });
        result = { file: basename(p), report: Array.isArray(report) ? report[0] : report };
      } catch (e) {
        result = { file: basename(p), error: { ...(e?.apiError ?? { kind: 'internal', message: String(e) }), file: basename(p) } };
      }
      results.push([i, result]);
      await send({ event: 'checked', index: i, done: results.length, total, result });
      if (afterEachFile) await afterEachFile(i, state);
    }
    return { total, cancelled: results.length < total, results };
  }

  const handlers = {
    keys_settings: () => keysSettings(),
    set_organisation: (a) => {
      run(['org', 'set', '--name', a.request.name, '--business-id', a.request.business_id]);
      return keysSettings();
    },
    create_keys: (a) => {
      run(['init'], pass({ OSAAVA_PASSPHRASE: a.passphrase }));
      return keysSettings();
    },
    pick_pkcs12_dialog: () => {
      const p = pickP12 ? pickP12() : null;
      if (!p) return null;
      state.picked12 = p;
      return basename(p);
    },
    import_pkcs12: (a) => {
      if (!state.picked12) throw { kind: 'bad-input', message: 'choose the PKCS#12 file first' };
      run(['keys', 'import-p12', state.picked12], {
        ...pass({ OSAAVA_PASSPHRASE: a.passphrase, OSAAVA_P12_PASSPHRASE: a.filePassphrase }),
        files: [state.picked12],
      });
      state.picked12 = null;
      return keysSettings();
    },
    export_ca_dialog: () => {
      const org = run(['org', 'show']);
      const offered = `${{ fi: 'juurivarmenne', sv: 'rotcertifikat', en: 'root-certificate' }[lang()]}${org ? `-${org.business_id}` : ''}.pem`;
      state.offered.push(offered);
      const to = saveAs ? saveAs('ca', offered) : null;
      if (!to) return null;
      run(['keys', 'export-ca', '--out', to]);
      return basename(to);
    },
    list_statements: (a) => run(['statement', 'list', a.request.case]),
    issue_statement: (a) => {
      const r = a.request;
      const args = ['statement', 'issue', r.case, '--out', tmpPdf()];
      if (r.language) args.push('--lang', r.language);
      if (r.place) args.push('--place', r.place);
      return run(args, pass({ OSAAVA_PASSPHRASE: r.passphrase })).statement;
    },
    revoke_statement: (a) => run(['statement', 'revoke', a.request.statement, '--reason', a.request.reason]),
    statement_pdf: (a) => {
      const out = tmpPdf();
      run(['statement', 'show', a.statement, '--out', out]);
      return [...readFileSync(out)];
    },
    save_statement_dialog: (a) => {
      const view = run(['statement', 'show', a.statement]);
      state.offered.push(view.statement?.file_name ?? view.file_name);
      const to = saveAs ? saveAs('statement', view.statement?.file_name ?? view.file_name) : null;
      if (!to) return null;
      run(['statement', 'show', a.statement, '--out', to]);
      return basename(to);
    },
    verify_dialog: async (a) => {
      const paths = pickPdfs ? pickPdfs() : null;
      if (!paths || !paths.length) {
        state.cancelled.delete(a.job);
        return null;
      }
      return verify(paths, a.job, a.onProgress);
    },
    verify_dropped: async (a) => {
      const paths = state.drops.get(a.drop);
      state.drops.delete(a.drop);
      if (!paths) throw { kind: 'bad-input', message: 'those dropped files are no longer available; drop them again' };
      return verify(paths, a.job, a.onProgress);
    },
    cancel_verify: (a) => {
      state.cancelled.add(a.job);
      return null;
    },
    trusted_certificates: () => run(['keys', 'trusted']),
    trust_certificate_dialog: () => {
      const paths = pickCerts ? pickCerts() : null;
      if (!paths || !paths.length) return null;
      let list = [];
      for (const p of paths) list = run(['keys', 'trust', p], { files: [p] });
      return list;
    },
    untrust_certificate: (a) => run(['keys', 'untrust', a.fingerprint]),
  };

  const answer = (value) => ({ ok: true, value: value ?? null });
  const failure = (e) => ({ ok: false, error: e?.apiError ?? (e instanceof Error ? { kind: 'internal', message: e.message } : e) });
  backend.handle = (cmd, args) => {
    const handler = handlers[cmd];
    if (!handler) return inner(cmd, args);
    backend.calls.push({ cmd, args });
    if (fail[cmd]) return { ok: false, error: fail[cmd] };
    try {
      const v = handler(args ?? {});
      return v && typeof v.then === 'function' ? v.then(answer, failure) : answer(v);
    } catch (e) {
      return failure(e);
    }
  };

  return backend;
}
