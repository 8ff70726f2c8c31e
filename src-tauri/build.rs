//! Generates the Tauri context and the permissions for our own commands.
//!
//! With an app manifest, none of our commands is callable from the webview unless a
//! capability (capabilities/*.json) grants its `allow-<command>` permission.

/// Every command in src/commands.rs and src/statement_commands.rs; keep in sync with `generate_handler!` in main.rs.
const COMMANDS: &[&str] = &[
    "list_badges",
    "show_badge",
    "import_badges_dialog",
    "get_settings",
    "set_language",
    "list_people",
    "add_person",
    "search_people",
    "show_person",
    "get_profile",
    "set_profile",
    "list_cases",
    "person_cases",
    "open_case",
    "show_case",
    "assign_assessor",
    "self_assess",
    "submit_self_assessment",
    "return_for_revision",
    "export_self_assessment_dialog",
    "import_self_assessment_dialog",
    "add_evidence",
    "add_evidence_dialog",
    "add_dropped_evidence",
    "update_evidence",
    "interview_guide",
    "interview_note",
    "rate",
    "pause_interview",
    "resume_interview",
    "finish_interview",
    "compare_case",
    "decide",
    "watch_window",
    "close_window",
    // src/statement_commands.rs
    "keys_settings",
    "set_organisation",
    "create_keys",
    "pick_pkcs12_dialog",
    "import_pkcs12",
    "export_ca_dialog",
    "list_statements",
    "issue_statement",
    "revoke_statement",
    "statement_pdf",
    "save_statement_dialog",
    "verify_dialog",
    "verify_dropped",
    "cancel_verify",
    "trusted_certificates",
    "trust_certificate_dialog",
    "untrust_certificate",
    // src/revocation_commands.rs
    "revocation_lists",
    "import_revocations_dialog",
    "remove_revocation_list",
    "save_revocation_list_dialog",
    // src/backup_commands.rs and src/batch_commands.rs
    "data_dir",
    "backup_dialog",
    "pick_backup_dialog",
    "restore_backup",
    "cancel_backup",
    "batch_candidates",
    "pick_batch_folder",
    "issue_batch",
    "cancel_batch",
    "cancel_import",
];

fn main() {
    // generate_context! embeds ../ui/build; fail early with a clear message if it is missing.
    let ui_index = std::path::Path::new("../ui/build/index.html");
    println!("cargo:rerun-if-changed=../ui/build");
    if !ui_index.exists() {
        panic!(
            "ui/build/index.html is missing: build the UI first (`npm --prefix ui ci && npm --prefix ui run build`, \
             or `npm run build` at the repository root)"
        );
    }
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("tauri-build failed");
}
