//! The Osaava desktop shell: a window with the SvelteKit UI (embedded from `ui/build`) and
//! Tauri commands that forward to `osaava_api::App`. No business logic lives here.
//!
//! Security (see tauri.conf.json and capabilities/main.json): no global `__TAURI__`, a strict
//! CSP, and only the main window may call exactly our commands. The webview never names a
//! file: imports go through a native dialog opened here, in Rust.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod backup_commands;
mod batch_commands;
mod commands;
mod revocation_commands;
mod statement_commands;
mod window;

use osaava_api::core::Lang;
use osaava_api::{ApiError, App as Api, SystemClock};
use std::sync::Arc;
use tauri::{Manager, WebviewWindowBuilder};
use tauri_plugin_dialog::{DialogExt, MessageDialogKind};

/// The label of the one window; capabilities/main.json grants the commands to it.
const MAIN_WINDOW: &str = "main";

fn main() {
    let data_dir = osaava_api::resolve_data_dir(None);
    // Open (and on first use create and seed) the data dir before any window exists, so
    // the UI never sees a half-started app.
    let opened =
        Api::open(&data_dir, Arc::new(SystemClock), "desktop").and_then(Api::attribute_to_profile);

    let built = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(tauri::generate_handler![
            commands::list_badges,
            commands::show_badge,
            commands::import_badges_dialog,
            commands::get_settings,
            commands::set_language,
            commands::list_people,
            commands::add_person,
            commands::search_people,
            commands::show_person,
            commands::get_profile,
            commands::set_profile,
            commands::list_cases,
            commands::person_cases,
            commands::open_case,
            commands::show_case,
            commands::assign_assessor,
            commands::self_assess,
            commands::submit_self_assessment,
            commands::return_for_revision,
            commands::export_self_assessment_dialog,
            commands::import_self_assessment_dialog,
            commands::add_evidence,
            commands::add_evidence_dialog,
            commands::add_dropped_evidence,
            commands::update_evidence,
            commands::interview_guide,
            commands::interview_note,
            commands::rate,
            commands::pause_interview,
            commands::resume_interview,
            commands::finish_interview,
            commands::compare_case,
            commands::decide,
            commands::watch_window,
            commands::close_window,
            statement_commands::keys_settings,
            statement_commands::set_organisation,
            statement_commands::create_keys,
            statement_commands::pick_pkcs12_dialog,
            statement_commands::import_pkcs12,
            statement_commands::export_ca_dialog,
            statement_commands::list_statements,
            statement_commands::issue_statement,
            statement_commands::revoke_statement,
            statement_commands::statement_pdf,
            statement_commands::save_statement_dialog,
            statement_commands::verify_dialog,
            statement_commands::verify_dropped,
            statement_commands::cancel_verify,
            statement_commands::trusted_certificates,
            statement_commands::trust_certificate_dialog,
            statement_commands::untrust_certificate,
            revocation_commands::revocation_lists,
            revocation_commands::import_revocations_dialog,
            revocation_commands::remove_revocation_list,
            revocation_commands::save_revocation_list_dialog,
            backup_commands::data_dir,
            backup_commands::backup_dialog,
            backup_commands::pick_backup_dialog,
            backup_commands::restore_backup,
            backup_commands::cancel_backup,
            batch_commands::batch_candidates,
            batch_commands::pick_batch_folder,
            batch_commands::issue_batch,
            batch_commands::cancel_batch,
            commands::cancel_import,
        ])
        .manage(window::WindowWatch::default())
        .manage(backup_commands::Jobs::default())
        .manage(backup_commands::PickedBackup::default())
        .manage(batch_commands::BatchFolder::default())
        .manage(statement_commands::PickedPkcs12::default())
        .manage(statement_commands::VerifyJobs::default())
        .on_window_event(window::on_window_event)
        .setup(move |app| {
            match opened {
                Ok(api) => {
                    app.manage(api);
                    let config = app
                        .config()
                        .app
                        .windows
                        .iter()
                        .find(|w| w.label == MAIN_WINDOW)
                        .ok_or("tauri.conf.json has no main window")?
                        .clone();
                    WebviewWindowBuilder::from_config(app.handle(), &config)?.build()?;
                }
                Err(e) => refuse_to_start(app.handle(), &data_dir, &e),
            }
            Ok(())
        })
        .build(tauri::generate_context!());

    let app = match built {
        Ok(app) => app,
        Err(e) => {
            eprintln!("osaava-desktop: cannot start the window system: {e}");
            std::process::exit(3);
        }
    };
    let code = app.run_return(|_, _| {});
    std::process::exit(code);
}

/// Shows why the data dir cannot be opened in a native dialog, in the OS locale's language
/// (the chosen language is stored in the data dir we could not open), then exits with the
/// CLI's exit code for the error (2 bad input, 3 internal). No window is created.
fn refuse_to_start(handle: &tauri::AppHandle, data_dir: &std::path::Path, e: &ApiError) {
    let headline = match Lang::from_posix_locale(&osaava_api::os_locale()) {
        Lang::Fi => "Osaava ei voi avata datakansiotaan.",
        Lang::Sv => "Osaava kan inte öppna sin datamapp.",
        Lang::En => "Osaava cannot open its data folder.",
    };
    let dir = data_dir.display().to_string();
    let detail = e.to_string();
    let message = if detail.contains(&dir) {
        format!("{headline}\n\n{detail}")
    } else {
        format!("{headline}\n\n{dir}\n{detail}")
    };
    eprintln!("osaava-desktop: {headline} {detail}");
    let code = e.exit_code().max(1);
    let exit = handle.clone();
    handle
        .dialog()
        .message(message)
        .title("Osaava")
        .kind(MessageDialogKind::Error)
        .show(move |_| exit.exit(code));
}
