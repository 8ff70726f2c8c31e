// The one module that talks to the Rust back end. Every Tauri command the UI uses has one typed
// function here; the types are generated from the Rust DTOs by ts-rs (src/lib/bindings/).
import { Channel, invoke } from '@tauri-apps/api/core';
import type { AddEvidenceRequest } from './bindings/AddEvidenceRequest';
import type { AddedEvidence } from './bindings/AddedEvidence';
import type { AddPersonRequest } from './bindings/AddPersonRequest';
import type { ApiError } from './bindings/ApiError';
import type { BadgeDetail } from './bindings/BadgeDetail';
import type { BadgeSummary } from './bindings/BadgeSummary';
import type { CaseDetail } from './bindings/CaseDetail';
import type { CaseSummary } from './bindings/CaseSummary';
import type { CompareResponse } from './bindings/CompareResponse';
import type { Created } from './bindings/Created';
import type { DecideRequest } from './bindings/DecideRequest';
import type { Decided } from './bindings/Decided';
import type { Evidence } from './bindings/Evidence';
import type { EvidenceFileResult } from './bindings/EvidenceFileResult';
import type { ImportedSelfAssessment } from './bindings/ImportedSelfAssessment';
import type { BadgeImportOutcome } from './bindings/BadgeImportOutcome';
import type { BadgeImportProgress } from './bindings/BadgeImportProgress';
import type { InterviewGuide } from './bindings/InterviewGuide';
import type { Lang } from './bindings/Lang';
import type { ListBadgesRequest } from './bindings/ListBadgesRequest';
import type { ListCasesRequest } from './bindings/ListCasesRequest';
import type { NoteRequest } from './bindings/NoteRequest';
import type { OpenCaseRequest } from './bindings/OpenCaseRequest';
import type { Person } from './bindings/Person';
import type { PersonCasesRequest } from './bindings/PersonCasesRequest';
import type { Profile } from './bindings/Profile';
import type { RateRequest } from './bindings/RateRequest';
import type { Recorded } from './bindings/Recorded';
import type { SearchPeopleRequest } from './bindings/SearchPeopleRequest';
import type { SelfAssessRequest } from './bindings/SelfAssessRequest';
import type { SetProfileRequest } from './bindings/SetProfileRequest';
import type { Settings } from './bindings/Settings';
import type { ShowBadgeRequest } from './bindings/ShowBadgeRequest';
import type { UpdateEvidenceRequest } from './bindings/UpdateEvidenceRequest';
import type { WindowMessage } from './bindings/WindowMessage';
// Keys, statements and verification (src-tauri/src/statement_commands.rs).
import type { CertificateView } from './bindings/CertificateView';
import type { IssueStatementRequest } from './bindings/IssueStatementRequest';
import type { KeysSettings } from './bindings/KeysSettings';
import type { SetOrganisationRequest } from './bindings/SetOrganisationRequest';
import type { StatementView } from './bindings/StatementView';
import type { VerifyBatch } from './bindings/VerifyBatch';
import type { VerifyProgress } from './bindings/VerifyProgress';
// Revocation lists (src-tauri/src/revocation_commands.rs).
import type { RevocationImports } from './bindings/RevocationImports';
import type { RevocationListView } from './bindings/RevocationListView';
// Data dir, backup and restore (src-tauri/src/backup_commands.rs); batch issuing (batch_commands.rs).
import type { BackupOutcome } from './bindings/BackupOutcome';
import type { BackupProgress } from './bindings/BackupProgress';
import type { BatchEvent } from './bindings/BatchEvent';
import type { BatchReport } from './bindings/BatchReport';
import type { DataDirInfo } from './bindings/DataDirInfo';

export type { ApiError };

const ERROR_KINDS = new Set(['bad-input', 'not-found', 'conflict', 'verification-failed', 'internal']);

/** Whether `e` has the shape of the back end's ApiError. */
export function isApiError(e: unknown): e is ApiError {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as ApiError).message === 'string' &&
    ERROR_KINDS.has((e as ApiError).kind)
  );
}

/**
 * Turns whatever a rejected invoke gave us into an ApiError. The back end rejects with an
 * ApiError; anything else (a missing command, a broken IPC bridge) becomes an internal error.
 */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return e;
  if (e instanceof Error) return { kind: 'internal', message: e.message };
  return { kind: 'internal', message: typeof e === 'string' ? e : JSON.stringify(e) };
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toApiError(e);
  }
}

/** A copy of `request` without the fields that are undefined, null or blank text. */
export function compact<T extends object>(request: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(request)) {
    if (v === undefined || v === null) continue;
    if (typeof v === 'string' && v.trim() === '') continue;
    out[k] = v;
  }
  return out as T;
}

/** Strips empty fields so the back end sees "absent", not "". */
function listRequest(request: ListBadgesRequest): ListBadgesRequest {
  const out: ListBadgesRequest = {};
  const query = request.query?.trim();
  if (query) out.query = query;
  if (request.alignment) out.alignment = request.alignment;
  return out;
}

export const api = {
  listBadges: (request: ListBadgesRequest = {}) =>
    call<BadgeSummary[]>('list_badges', { request: listRequest(request) }),

  showBadge: (request: ShowBadgeRequest) => call<BadgeDetail>('show_badge', { request }),

  /**
   * Opens the native file dialog in Rust and imports the files, reporting each one read; null when
   * the user cancelled the dialog. `cancelImport(job)` stops it before anything is stored.
   */
  importBadgesDialog: (job: number, onProgress: (p: BadgeImportProgress) => void) =>
    call<BadgeImportOutcome | null>('import_badges_dialog', { job, onProgress: new Channel<BadgeImportProgress>(onProgress) }),
  cancelImport: (job: number) => call<null>('cancel_import', { job }),

  getSettings: () => call<Settings>('get_settings'),

  setLanguage: (language: Lang) => call<Settings>('set_language', { request: { language } }),

  // People and who uses this device.
  searchPeople: (request: SearchPeopleRequest = {}) =>
    call<Person[]>('search_people', { request: compact({ ...request, query: request.query?.trim() }) }),
  showPerson: (id: string) => call<Person>('show_person', { request: { id } }),
  addPerson: (request: AddPersonRequest) =>
    call<Created>('add_person', { request: compact({ ...request, name: request.name.trim() }) }),
  getProfile: () => call<Profile>('get_profile'),
  setProfile: (request: SetProfileRequest) => call<Profile>('set_profile', { request: compact(request) }),

  // Cases.
  listCases: (request: ListCasesRequest = {}) => call<CaseSummary[]>('list_cases', { request: compact(request) }),
  personCases: (request: PersonCasesRequest) => call<CaseSummary[]>('person_cases', { request: compact(request) }),
  openCase: (request: OpenCaseRequest) => call<Created>('open_case', { request: compact(request) }),
  showCase: (id: string) => call<CaseDetail>('show_case', { request: { case: id } }),
  assignAssessor: (id: string, assessor: string) =>
    call<null>('assign_assessor', { request: { case: id, assessor } }),

  // Self-assessment.
  /** `example` undefined keeps the saved example; '' clears it. */
  selfAssess: (request: SelfAssessRequest) => call<Recorded>('self_assess', { request }),
  submitSelfAssessment: (id: string) => call<null>('submit_self_assessment', { request: { case: id } }),
  returnForRevision: (id: string) => call<null>('return_for_revision', { request: { case: id } }),
  /** The native save dialog opens in Rust; the file's name, or null when cancelled. */
  exportSelfAssessmentDialog: (id: string) =>
    call<string | null>('export_self_assessment_dialog', { request: { case: id } }),
  /** The native file dialog opens in Rust; null when cancelled. */
  importSelfAssessmentDialog: () => call<ImportedSelfAssessment | null>('import_self_assessment_dialog'),

  // Evidence.
  addEvidence: (request: AddEvidenceRequest) => call<AddedEvidence>('add_evidence', { request: compact(request) }),
  /** The native file dialog opens in Rust; one result per file picked, null when cancelled. */
  addEvidenceDialog: (request: AddEvidenceRequest) =>
    call<EvidenceFileResult[] | null>('add_evidence_dialog', { request: compact(request) }),
  /** Adds the files of a drop the window reported (their paths never leave Rust). */
  addDroppedEvidence: (drop: number, request: AddEvidenceRequest) =>
    call<EvidenceFileResult[]>('add_dropped_evidence', { drop, request: compact(request) }),
  updateEvidence: (request: UpdateEvidenceRequest) => call<Evidence>('update_evidence', { request: compact(request) }),

  // Interview, comparison and decision.
  interviewGuide: (id: string) => call<InterviewGuide>('interview_guide', { request: { case: id } }),
  interviewNote: (request: NoteRequest) => call<Recorded>('interview_note', { request }),
  rate: (request: RateRequest) => call<Recorded>('rate', { request: compact(request) }),
  pauseInterview: (id: string) => call<null>('pause_interview', { request: { case: id } }),
  resumeInterview: (id: string) => call<null>('resume_interview', { request: { case: id } }),
  finishInterview: (id: string) => call<null>('finish_interview', { request: { case: id } }),
  compareCase: (id: string) => call<CompareResponse>('compare_case', { request: { case: id } }),
  decide: (request: DecideRequest) => call<Decided>('decide', { request: compact(request) }),

  // The organisation's keys (Settings). Passphrases go with the one call that needs them.
  keysSettings: () => call<KeysSettings>('keys_settings'),
  setOrganisation: (request: SetOrganisationRequest) =>
    call<KeysSettings>('set_organisation', { request: { name: request.name.trim(), business_id: request.business_id.trim() } }),
  createKeys: (passphrase: string) => call<KeysSettings>('create_keys', { passphrase }),
  /** The native dialog opens in Rust, which keeps the file; its name, or null when cancelled. */
  pickPkcs12Dialog: () => call<string | null>('pick_pkcs12_dialog'),
  /** Imports the PKCS#12 file picked last. */
  importPkcs12: (filePassphrase: string, passphrase: string) =>
    call<KeysSettings>('import_pkcs12', { filePassphrase, passphrase }),
  /** The native save dialog opens in Rust; the file's name, or null when cancelled. */
  exportCaDialog: () => call<string | null>('export_ca_dialog'),

  // A case's statements.
  listStatements: (id: string) => call<StatementView[]>('list_statements', { request: { case: id } }),
  issueStatement: (request: IssueStatementRequest) =>
    call<StatementView>('issue_statement', { request: compact({ ...request, place: request.place?.trim() }) }),
  revokeStatement: (statement: string, reason: string) =>
    call<StatementView>('revoke_statement', { request: { statement, reason: reason.trim() } }),
  /** The signed PDF's bytes (raw over IPC). */
  statementPdf: async (statement: string) =>
    new Uint8Array(await call<ArrayBuffer | number[]>('statement_pdf', { statement })),
  /** The native save dialog opens in Rust, offering the statement's file name; null when cancelled. */
  saveStatementDialog: (statement: string) => call<string | null>('save_statement_dialog', { statement }),

  // Verification (colleges). `job` names the run for cancelVerify; progress comes through a channel.
  /** The native multi-file dialog opens in Rust; null when cancelled. */
  verifyDialog: (job: number, onProgress: (p: VerifyProgress) => void) =>
    call<VerifyBatch | null>('verify_dialog', { job, onProgress: new Channel<VerifyProgress>(onProgress) }),
  /** Verifies the files of a drop the window reported (their paths never leave Rust). */
  verifyDropped: (drop: number, job: number, onProgress: (p: VerifyProgress) => void) =>
    call<VerifyBatch>('verify_dropped', { drop, job, onProgress: new Channel<VerifyProgress>(onProgress) }),
  cancelVerify: (job: number) => call<null>('cancel_verify', { job }),
  trustedCertificates: () => call<CertificateView[]>('trusted_certificates'),
  /** The native dialog opens in Rust; the trusted certificates after it, or null when cancelled. */
  trustCertificateDialog: () => call<CertificateView[] | null>('trust_certificate_dialog'),
  untrustCertificate: (fingerprint: string) => call<CertificateView[]>('untrust_certificate', { fingerprint }),

  // Revocation lists: the organisation saves its signed list; a college imports the lists it gets.
  /** Signs the current list (the passphrase unlocks the keys), then the native save dialog opens in Rust; the file's name, or null when cancelled. */
  saveRevocationListDialog: (passphrase: string) => call<string | null>('save_revocation_list_dialog', { passphrase }),
  revocationLists: () => call<RevocationListView[]>('revocation_lists'),
  /** The native multi-file dialog opens in Rust; a result per file and the lists kept, or null when cancelled. */
  importRevocationsDialog: () => call<RevocationImports | null>('import_revocations_dialog'),
  removeRevocationList: (businessId: string) => call<RevocationListView[]>('remove_revocation_list', { businessId }),

  // Data and backup (Settings). `job` names a run for cancelBackup; progress comes through a channel.
  dataDir: () => call<DataDirInfo>('data_dir'),
  /** The native save dialog opens in Rust, then the backup is written; null when the dialog was cancelled. */
  backupDialog: (job: number, onProgress: (p: BackupProgress) => void) =>
    call<BackupOutcome | null>('backup_dialog', { job, onProgress: new Channel<BackupProgress>(onProgress) }),
  /** The native open dialog opens in Rust, which checks the whole file and keeps it; what it holds, or null when cancelled. */
  pickBackupDialog: (job: number, onProgress: (p: BackupProgress) => void) =>
    call<BackupOutcome | null>('pick_backup_dialog', { job, onProgress: new Channel<BackupProgress>(onProgress) }),
  /** Replaces the data with the backup picked last (after the user confirmed); the old data's folder in `path`. */
  restoreBackup: (job: number, onProgress: (p: BackupProgress) => void) =>
    call<BackupOutcome>('restore_backup', { job, onProgress: new Channel<BackupProgress>(onProgress) }),
  cancelBackup: (job: number) => call<null>('cancel_backup', { job }),

  // Batch issuing (/statements).
  batchCandidates: () => call<CaseSummary[]>('batch_candidates'),
  /** The native folder dialog opens in Rust, which keeps the folder; its path to show, or null when cancelled. */
  pickBatchFolder: () => call<string | null>('pick_batch_folder'),
  /** `place` blank: the place of the organisation's last statement. */
  issueBatch: (job: number, cases: string[], passphrase: string, place: string, onProgress: (e: BatchEvent) => void) =>
    call<BatchReport>('issue_batch', {
      job,
      request: compact({ cases, passphrase, place: place.trim() }),
      onProgress: new Channel<BatchEvent>(onProgress),
    }),
  cancelBatch: (job: number) => call<null>('cancel_batch', { job }),

  // The window.
  /** Starts listening for dropped files and close requests. */
  watchWindow: (onEvent: (message: WindowMessage) => void) => {
    const channel = new Channel<WindowMessage>(onEvent);
    return call<null>('watch_window', { onEvent: channel });
  },
  /** Closes the window once pending work is saved. */
  closeWindow: () => call<null>('close_window'),
};
