// The IPC contract of the statement commands (src-tauri/src/statement_commands.rs): names and
// arguments as Rust expects them, passphrases only in the call that needs them, no path ever,
// and every command the UI calls declared in build.rs and allowed in the capability file.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api } from './api';

type Call = { cmd: string; args: Record<string, unknown> };
let calls: Call[];
let answer: (cmd: string) => unknown;

beforeEach(() => {
  calls = [];
  answer = () => null;
  let next = 1;
  (globalThis as unknown as { window: unknown }).window = {
    __TAURI_INTERNALS__: {
      transformCallback: () => next++,
      unregisterCallback: () => {},
      invoke: async (cmd: string, args: Record<string, unknown>) => {
        calls.push({ cmd, args });
        return answer(cmd);
      },
    },
  };
});

afterEach(() => {
  delete (globalThis as unknown as { window?: unknown }).window;
});

const STATEMENT_COMMANDS = [
  'keys_settings',
  'set_organisation',
  'create_keys',
  'pick_pkcs12_dialog',
  'import_pkcs12',
  'export_ca_dialog',
  'list_statements',
  'issue_statement',
  'revoke_statement',
  'statement_pdf',
  'save_statement_dialog',
  'verify_dialog',
  'verify_dropped',
  'cancel_verify',
  'trusted_certificates',
  'trust_certificate_dialog',
  'untrust_certificate',
];

describe('statement commands', () => {
  it('send keys, organisation and statement requests as Rust reads them', async () => {
    await api.keysSettings();
    await api.setOrganisation({ name: '  Hoivakoti Kielo Oy ', business_id: ' 0112038-9 ' });
    await api.createKeys('pitkä tunnuslause');
    await api.pickPkcs12Dialog();
    await api.importPkcs12('tiedoston lause', 'uusi tunnuslause');
    await api.exportCaDialog();
    await api.listStatements('c1');
    await api.issueStatement({ case: 'c1', language: 'sv', place: '  ', passphrase: 'salasana 1' });
    await api.issueStatement({ case: 'c1', place: ' Jyväskylä ', passphrase: 'x' });
    await api.revokeStatement('s1', '  Väärä henkilö <b>!</b> ');
    await api.saveStatementDialog('s1');
    expect(calls).toEqual([
      { cmd: 'keys_settings', args: {} },
      { cmd: 'set_organisation', args: { request: { name: 'Hoivakoti Kielo Oy', business_id: '0112038-9' } } },
      { cmd: 'create_keys', args: { passphrase: 'pitkä tunnuslause' } },
      { cmd: 'pick_pkcs12_dialog', args: {} },
      { cmd: 'import_pkcs12', args: { filePassphrase: 'tiedoston lause', passphrase: 'uusi tunnuslause' } },
      { cmd: 'export_ca_dialog', args: {} },
      { cmd: 'list_statements', args: { request: { case: 'c1' } } },
      // A blank place is left out: the back end then uses the last one.
      { cmd: 'issue_statement', args: { request: { case: 'c1', language: 'sv', passphrase: 'salasana 1' } } },
      { cmd: 'issue_statement', args: { request: { case: 'c1', place: 'Jyväskylä', passphrase: 'x' } } },
      { cmd: 'revoke_statement', args: { request: { statement: 's1', reason: 'Väärä henkilö <b>!</b>' } } },
      { cmd: 'save_statement_dialog', args: { statement: 's1' } },
    ]);
  });

  it('keeps the passphrase as typed (spaces are part of it)', async () => {
    await api.issueStatement({ case: 'c1', passphrase: '  välilyönnit  ' });
    expect((calls[0].args.request as { passphrase: string }).passphrase).toBe('  välilyönnit  ');
  });

  it('reads the PDF as bytes whether IPC gives an ArrayBuffer or a list of numbers', async () => {
    answer = () => new Uint8Array([0x25, 0x50, 0x44, 0x46]).buffer;
    expect([...(await api.statementPdf('s1'))]).toEqual([0x25, 0x50, 0x44, 0x46]);
    answer = () => [0x25, 0x50];
    expect([...(await api.statementPdf('s1'))]).toEqual([0x25, 0x50]);
    expect(calls[0]).toEqual({ cmd: 'statement_pdf', args: { statement: 's1' } });
  });

  it('verifies with a job number and a progress channel, and names drops, never paths', async () => {
    await api.verifyDialog(4, () => {});
    await api.verifyDropped(9, 5, () => {});
    await api.cancelVerify(5);
    await api.trustedCertificates();
    await api.trustCertificateDialog();
    await api.untrustCertificate('ca8a60f2');
    const plain = calls.map(({ cmd, args }) => ({
      cmd,
      args: Object.fromEntries(Object.entries(args).map(([k, v]) => [k, k === 'onProgress' ? String((v as { toJSON(): string }).toJSON()).replace(/\d+$/, 'N') : v])),
    }));
    expect(plain).toEqual([
      { cmd: 'verify_dialog', args: { job: 4, onProgress: '__CHANNEL__:N' } },
      { cmd: 'verify_dropped', args: { drop: 9, job: 5, onProgress: '__CHANNEL__:N' } },
      { cmd: 'cancel_verify', args: { job: 5 } },
      { cmd: 'trusted_certificates', args: {} },
      { cmd: 'trust_certificate_dialog', args: {} },
      { cmd: 'untrust_certificate', args: { fingerprint: 'ca8a60f2' } },
    ]);
  });

  it('are each declared in build.rs, registered in main.rs and allowed in the capability', () => {
    const tauri = new URL('../../../src-tauri/', import.meta.url);
    const build = readFileSync(new URL('build.rs', tauri), 'utf8');
    const main = readFileSync(new URL('src/main.rs', tauri), 'utf8');
    const capability = JSON.parse(readFileSync(new URL('capabilities/main.json', tauri), 'utf8')) as { permissions: string[] };
    const missing = STATEMENT_COMMANDS.flatMap((c) => [
      ...(build.includes(`"${c}"`) ? [] : [`${c} not in build.rs`]),
      ...(main.includes(`statement_commands::${c},`) ? [] : [`${c} not in main.rs`]),
      ...(capability.permissions.includes(`allow-${c.replaceAll('_', '-')}`) ? [] : [`${c} not allowed in capabilities/main.json`]),
    ]);
    expect(missing).toEqual([]);
  });
});
