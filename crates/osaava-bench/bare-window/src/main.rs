//! A bare Tauri 2 window showing a static page: what any Tauri app costs to start and to keep
//! running, measured beside osaava-desktop by scripts/bench-startup.mjs.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    tauri::Builder::default().run(tauri::generate_context!()).expect("the bare window failed to start");
}
