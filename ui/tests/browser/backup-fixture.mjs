// Settings' "Data and backup" and the /statements batch screen for the browser tests, answered by
// the real `osaava` CLI (`backup create|inspect|restore`, `statement issue`) on data dirs of their
// own. makeBackupBackend() extends statement-fixture.mjs's makeStatementBackend with the commands
// of src-tauri/src/backup_commands.rs and batch_commands.rs. Stand-ins for what only the desktop
// shell does:
// - `saveBackupAs(offered)`: the path chosen in the save dialog, given the offered name; null: cancelled;
// - `pickBackup()`: the backup file chosen to restore; null: cancelled;
// - `pickFolder()`: the folder chosen for the batch's PDFs; null: cancelled;
// - `hold(stage, state)`: awaited at each progress step (a test holds a run open with it).
// Progress goes to the page's channel as Rust sends it; a cancel is honoured at the next step,
// and a cancelled backup writes no file, as in Rust.
import { existsSync, mkdtempSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { cli, makeStatementBackend } from './statement-fixture.mjs';

export function makeBackupBackend(options = {}) {
  const { saveBackupAs, pickBackup, pickFolder, hold } = options;
  const backend = makeStatementBackend(options);
  const inner = backend.handle.bind(backend);
  const dir = () => backend.data.dir;
  const lang = () => backend.settings.language;
  const run = (args, opts = {}) => cli(dir(), args, { lang: lang(), ...opts });
  const state = backend.state;
  state.cancelled = state.cancelled ?? new Set();
  state.lastBackup = null;
  state.pickedBackup = null;
  state.folder = null;
  state.offeredBackup = [];

  const step = async (job, channel, message) => {
    await backend.sendChannel(channel, message);
    if (hold) await hold(message.stage ?? message.event, state);
    return state.cancelled.has(job);
  };
  const summary = (file, m) => ({
    file: basename(file),
    created_at: m.created_at,
    ...(m.organisation ? { organisation: m.organisation } : {}),
    counts: m.counts,
    app_version: m.app_version,
    total_bytes: m.total_bytes,
    files: m.members.length,
  });

  const handlers = {
    data_dir: () => ({ data_dir: dir(), ...(state.lastBackup ? { last_backup_at: state.lastBackup } : {}) }),
    backup_dialog: async (a) => {
      const today = new Date().toISOString().slice(0, 10);
      const offered = `osaava-backup-${today}.osaava-backup`;
      state.offeredBackup.push(offered);
      const to = saveBackupAs ? saveBackupAs(offered) : null;
      if (!to) return null;
      if (await step(a.job, a.onProgress, { stage: 'database', done: 0, total: 1 })) return { cancelled: true };
      if (await step(a.job, a.onProgress, { stage: 'writing', done: 1, total: 3 })) return { cancelled: true };
      const manifest = run(['backup', 'create', '--out', to]);
      if (await step(a.job, a.onProgress, { stage: 'writing', done: 3, total: 3 })) {
        // Rust removes its temporary file on a cancel; here the finished one goes.
        renameSync(to, `${to}.discarded`);
        return { cancelled: true };
      }
      state.lastBackup = manifest.created_at;
      return { cancelled: false, summary: summary(to, manifest), path: to };
    },
    pick_backup_dialog: async (a) => {
      const file = pickBackup ? pickBackup() : null;
      if (!file) return null;
      const size = statSync(file).size;
      if (await step(a.job, a.onProgress, { stage: 'checking', done: Math.floor(size / 2), total: size })) {
        state.pickedBackup = null;
        return { cancelled: true };
      }
      let manifest;
      try {
        manifest = run(['backup', 'inspect', file], { files: [file] });
      } catch (e) {
        state.pickedBackup = null;
        throw e;
      }
      await step(a.job, a.onProgress, { stage: 'checking', done: size, total: size });
      state.pickedBackup = file;
      return { cancelled: false, summary: summary(file, manifest) };
    },
    restore_backup: async (a) => {
      const file = state.pickedBackup;
      if (!file) throw { kind: 'bad-input', message: 'choose the backup to restore first' };
      if (await step(a.job, a.onProgress, { stage: 'checking', done: 1, total: 2 })) return { cancelled: true };
      await step(a.job, a.onProgress, { stage: 'replacing', done: 0, total: 1 });
      const report = run(['backup', 'restore', file, '--yes'], { files: [file] });
      state.pickedBackup = null;
      state.lastBackup = report.manifest.created_at;
      return {
        cancelled: false,
        summary: summary(file, report.manifest),
        ...(report.previous_data_dir ? { path: report.previous_data_dir } : {}),
      };
    },
    cancel_backup: (a) => {
      state.cancelled.add(a.job);
      return null;
    },

    // Oldest decision first, as Rust lists them.
    batch_candidates: () =>
      run(['case', 'list', '--state', 'decided', '--limit', '500'])
        .filter((c) => run(['statement', 'list', c.id]).length === 0)
        .sort((a, b) => a.updated_at.localeCompare(b.updated_at) || a.id.localeCompare(b.id)),
    pick_batch_folder: () => {
      const f = pickFolder ? pickFolder() : null;
      if (!f) return null;
      state.folder = f;
      return f;
    },
    issue_batch: async (a) => {
      const r = a.request;
      if (!r.passphrase) throw { kind: 'bad-input', message: "give the passphrase of the organisation's keys" };
      if (!state.folder) throw { kind: 'bad-input', message: 'choose the folder for the statements first' };
      const env = { OSAAVA_PASSPHRASE: r.passphrase };
      const total = r.cases.length;
      const names = r.cases.map((c) => {
        try {
          return run(['case', 'show', c]).employee.name;
        } catch {
          return '';
        }
      });
      const issued = [];
      const failed = [];
      let done = 0;
      for (let i = 0; i < total; i++) {
        if (state.cancelled.has(a.job)) break;
        const item = { case: r.cases[i], index: i, employee: names[i] };
        const tmp = join(mkdtempSync(join(tmpdir(), 'osaava-ui-batch-')), 'statement.pdf');
        let view;
        try {
          view = run(['statement', 'issue', r.cases[i], '--out', tmp, ...(r.place ? ['--place', r.place] : [])], { env }).statement;
        } catch (e) {
          const error = e?.apiError ?? { kind: 'internal', message: String(e) };
          // A wrong passphrase fails before any case starts, as in Rust.
          if (i === 0 && /passphrase/i.test(error.message)) throw error;
          item.error = error;
        }
        if (i === 0) await step(a.job, a.onProgress, { event: 'started', total });
        await step(a.job, a.onProgress, { event: 'issuing', index: i, case: r.cases[i], employee: names[i] });
        if (view) {
          let name = view.file_name;
          for (let n = 2; existsSync(join(state.folder, name)); n++) name = view.file_name.replace(/\.pdf$/, `-${n}.pdf`);
          renameSync(tmp, join(state.folder, name));
          Object.assign(item, { statement: view.id, file: name });
          issued.push(item);
        } else {
          failed.push(item);
        }
        done++;
        await step(a.job, a.onProgress, { event: 'finished', done, total, item });
      }
      const started = new Set([...issued, ...failed].map((x) => x.index));
      const notStarted = r.cases.filter((_, i) => !started.has(i));
      return { total, cancelled: notStarted.length > 0, issued, failed, not_started: notStarted, folder: state.folder };
    },
    cancel_batch: (a) => {
      state.cancelled.add(a.job);
      return null;
    },
  };

  const answer = (value) => ({ ok: true, value: value ?? null });
  const failure = (e) => ({ ok: false, error: e?.apiError ?? (e instanceof Error ? { kind: 'internal', message: e.message } : e) });
  backend.handle = (cmd, args) => {
    const handler = handlers[cmd];
    if (!handler) return inner(cmd, args);
    backend.calls.push({ cmd, args });
    try {
      const v = handler(args ?? {});
      return v && typeof v.then === 'function' ? v.then(answer, failure) : answer(v);
    } catch (e) {
      return failure(e);
    }
  };
  return backend;
}

/** A gate a test opens by hand: `wait()` resolves once `open()` was called. */
export function gate() {
  let open;
  const promise = new Promise((resolve) => (open = resolve));
  return { wait: () => promise, open: () => open() };
}
