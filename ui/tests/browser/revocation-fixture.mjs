// Revocation lists for the browser tests, answered by the real `osaava` CLI like the rest of the
// statement stage (statement-fixture.mjs): the organisation's signed list (`statement
// revocations`), a college's kept lists (`keys import-revocations`, `keys revocation-lists`,
// `keys remove-revocations`), and verification that uses them (`verify` in the data dir).
//
// withRevocations(backend, options) adds the commands of src-tauri/src/revocation_commands.rs to a
// makeStatementBackend() and makes `verify_dropped` do what Rust does: dropped files that are
// revocation lists (told by content: a JSON object) are imported first, the rest verified.
// Stand-ins for the native dialogs: `pickLists()` (the list files chosen, null: cancelled) and
// `saveAs('revocations', offered)` (the path chosen in the save dialog; null: cancelled).
import { Buffer } from 'node:buffer';
import { closeSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { scratchDir } from './fixtures.mjs';
import { cli } from './statement-fixture.mjs';

/** Whether the file starts (after white space or a BOM) with a JSON object, as Rust decides. */
export function looksLikeList(path) {
  const fd = openSync(path, 'r');
  const head = Buffer.alloc(64);
  const n = readSync(fd, head, 0, 64, 0);
  closeSync(fd);
  const text = head.subarray(0, n).toString('latin1').replace(/^\xEF\xBB\xBF/, '');
  return text.trimStart().startsWith('{');
}

/** Writes the organisation's signed revocation list of data dir `dir` (keys unlocked by `passphrase`). */
export function revocationList(dir, passphrase, name = 'sulkulista.json') {
  const out = join(scratchDir('revocations'), name);
  cli(dir, ['statement', 'revocations', '--out', out], { env: { OSAAVA_PASSPHRASE: passphrase } });
  return out;
}

/**
 * A copy of the list `file` changed after signing: its revocations dropped, or (when it has none)
 * one added, under the original signature.
 */
export function tamperedList(file, name = 'muutettu-lista.json') {
  const signed = JSON.parse(readFileSync(file, 'utf8'));
  const list = JSON.parse(Buffer.from(signed.payload, 'base64').toString('utf8'));
  if (list.revoked.length) list.revoked = [];
  else list.revoked.push({ id: '00000000-0000-4000-8000-000000000001', revoked_at: list.issued_at, reason: 'x' });
  signed.payload = Buffer.from(JSON.stringify(list)).toString('base64');
  const out = join(scratchDir('tampered-list'), name);
  writeFileSync(out, JSON.stringify(signed, null, 2));
  return out;
}

export function withRevocations(backend, { pickLists, saveAs } = {}) {
  backend.revocations = true;
  const dir = () => backend.data.dir;
  const lang = () => backend.settings.language;
  const run = (args, opts = {}) => cli(dir(), args, { lang: lang(), ...opts });
  const state = backend.state;
  const lists = () => run(['keys', 'revocation-lists']);

  /** Imports each file as Rust does: a refusal changes nothing and is reported by file name. */
  function importFiles(paths) {
    return paths.map((p) => {
      const file = basename(p);
      try {
        const imported = run(['keys', 'import-revocations', p], { files: [p] });
        return { file, imported };
      } catch (e) {
        const error = { ...(e?.apiError ?? { kind: 'internal', message: String(e) }), file };
        return { file, error };
      }
    });
  }

  const handlers = {
    revocation_lists: () => lists(),
    import_revocations_dialog: () => {
      const paths = pickLists ? pickLists() : null;
      if (!paths || !paths.length) return null;
      const results = importFiles(paths);
      return { results, lists: lists() };
    },
    remove_revocation_list: (a) => run(['keys', 'remove-revocations', a.businessId]),
    save_revocation_list_dialog: (a) => {
      if (!a.passphrase) throw { kind: 'bad-input', message: "give the passphrase of the organisation's keys" };
      const org = run(['org', 'show']);
      const stem = { fi: 'sulkulista', sv: 'sparrlista', en: 'revocation-list' }[lang()];
      const date = new Date().toISOString().slice(0, 10);
      const offered = `${stem}${org ? `-${org.business_id}` : ''}-${date}.json`;
      // Signed first, as in Rust: a wrong passphrase shows before a place is chosen.
      const signed = revocationList(dir(), a.passphrase);
      state.offered.push(offered);
      const to = saveAs ? saveAs('revocations', offered) : null;
      if (!to) return null;
      writeFileSync(to, readFileSync(signed));
      return basename(to);
    },
  };

  const inner = backend.handle;
  backend.handle = (cmd, args) => {
    if (cmd === 'verify_dropped') {
      const paths = state.drops.get(args.drop);
      if (!paths) return inner(cmd, args);
      const listPaths = paths.filter(looksLikeList);
      const pdfs = paths.filter((p) => !looksLikeList(p));
      const revocation_lists = importFiles(listPaths);
      if (!pdfs.length) {
        state.drops.delete(args.drop);
        backend.calls.push({ cmd, args });
        return { ok: true, value: { total: 0, cancelled: false, results: [], revocation_lists } };
      }
      state.drops.set(args.drop, pdfs);
      return Promise.resolve(inner(cmd, args)).then((answer) =>
        answer.ok ? { ok: true, value: { ...answer.value, revocation_lists } } : answer,
      );
    }
    if (cmd === 'verify_dialog') {
      return Promise.resolve(inner(cmd, args)).then((answer) =>
        answer.ok && answer.value ? { ok: true, value: { revocation_lists: [], ...answer.value } } : answer,
      );
    }
    const handler = handlers[cmd];
    if (!handler) return inner(cmd, args);
    backend.calls.push({ cmd, args });
    try {
      return { ok: true, value: handler(args ?? {}) ?? null };
    } catch (e) {
      return { ok: false, error: e?.apiError ?? (e instanceof Error ? { kind: 'internal', message: e.message } : e) };
    }
  };
  return backend;
}
