//! What the window tells the UI: files dragged onto it and a request to close it.
//!
//! **Dropped files.** Tauri hands the paths of files dropped on the window to Rust
//! (`WindowEvent::DragDrop`). They stay here: the UI is told only the file names and a drop id,
//! and asks `add_dropped_evidence` to add "drop N", so the webview never names a path.
//!
//! **Closing.** When the user closes the window while the UI is listening, the close waits: the UI
//! is told, saves what is still pending (a note being typed, a debounced example) and then calls
//! `close_window`. If it does not answer within [`CLOSE_GRACE`], the window closes anyway, so a
//! broken page can never keep the window open.
//!
//! The UI listens through a `Channel` it passes to `watch_window`; no event permission is needed.

use serde::Serialize;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;
use tauri::ipc::Channel;
use tauri::{DragDropEvent, Manager, Runtime, Window, WindowEvent};
use ts_rs::TS;

/// How long a close waits for the UI to save.
pub const CLOSE_GRACE: Duration = Duration::from_secs(5);
/// At most this many files are taken from one drop.
pub const MAX_DROPPED_FILES: usize = 50;

/// A message to the UI about its window.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "event", rename_all = "kebab-case")]
#[ts(export)]
pub enum WindowMessage {
    /// Files are being dragged over the window.
    DragEnter { count: u32 },
    /// The drag left the window or was cancelled.
    DragLeave,
    /// Files were dropped; add them with `add_dropped_evidence` and this id.
    Drop { id: u32, names: Vec<String> },
    /// The user asked to close the window: save, then call `close_window`.
    CloseRequested,
}

#[derive(Default)]
pub struct WindowWatch {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    channel: Option<Channel<WindowMessage>>,
    dropped: Option<(u32, Vec<PathBuf>)>,
    next_drop: u32,
    close_confirmed: bool,
}

impl WindowWatch {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The UI (re)starts listening; a reloaded page replaces the old channel.
    pub fn watch(&self, channel: Channel<WindowMessage>) {
        self.lock().channel = Some(channel);
    }

    /// The paths of drop `id`, once: a second call, or an older drop's id, gets none.
    pub fn take_drop(&self, id: u32) -> Option<Vec<PathBuf>> {
        let mut inner = self.lock();
        match &inner.dropped {
            Some((current, _)) if *current == id => inner.dropped.take().map(|(_, paths)| paths),
            _ => None,
        }
    }

    pub fn confirm_close(&self) {
        self.lock().close_confirmed = true;
    }

    fn send(&self, message: WindowMessage) -> bool {
        let inner = self.lock();
        match &inner.channel {
            Some(ch) => ch.send(message).is_ok(),
            None => false,
        }
    }

    fn dropped(&self, paths: &[PathBuf]) -> Option<WindowMessage> {
        let mut inner = self.lock();
        inner.channel.as_ref()?;
        inner.next_drop = inner.next_drop.wrapping_add(1);
        let id = inner.next_drop;
        let paths: Vec<PathBuf> = paths.iter().take(MAX_DROPPED_FILES).cloned().collect();
        let names = paths.iter().map(|p| display_name(p)).collect();
        inner.dropped = Some((id, paths));
        Some(WindowMessage::Drop { id, names })
    }
}

/// The file's name without its directory, for showing.
pub fn display_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Handles the window events the UI cares about (installed with `Builder::on_window_event`).
pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    let Some(watch) = window.try_state::<WindowWatch>() else {
        return;
    };
    match event {
        WindowEvent::DragDrop(DragDropEvent::Enter { paths, .. }) => {
            watch.send(WindowMessage::DragEnter {
                count: paths.len().min(MAX_DROPPED_FILES) as u32,
            });
        }
        WindowEvent::DragDrop(DragDropEvent::Leave) => {
            watch.send(WindowMessage::DragLeave);
        }
        WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) => {
            if let Some(message) = watch.dropped(paths) {
                watch.send(message);
            }
        }
        WindowEvent::CloseRequested { api, .. } => {
            if watch.lock().close_confirmed {
                return;
            }
            if watch.send(WindowMessage::CloseRequested) {
                api.prevent_close();
                let window = window.clone();
                std::thread::spawn(move || {
                    std::thread::sleep(CLOSE_GRACE);
                    if let Some(watch) = window.try_state::<WindowWatch>() {
                        watch.confirm_close();
                    }
                    let _ = window.destroy();
                });
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drop_is_taken_once_and_only_by_its_own_id() {
        let watch = WindowWatch::default();
        assert!(
            watch.dropped(&[PathBuf::from("/tmp/a.pdf")]).is_none(),
            "nobody listens: nothing kept"
        );
        watch.watch(Channel::new(|_| Ok(())));
        let Some(WindowMessage::Drop { id: first, names }) =
            watch.dropped(&[PathBuf::from("/home/u/lausunto.pdf")])
        else {
            panic!("no drop message")
        };
        assert_eq!(names, ["lausunto.pdf"], "only the name goes to the UI");
        let Some(WindowMessage::Drop { id: second, .. }) =
            watch.dropped(&[PathBuf::from("/home/u/b.png"), PathBuf::from("/c.txt")])
        else {
            panic!("no drop message")
        };
        assert_ne!(first, second);
        assert_eq!(
            watch.take_drop(first),
            None,
            "a newer drop replaces an older one"
        );
        assert_eq!(
            watch.take_drop(second),
            Some(vec![
                PathBuf::from("/home/u/b.png"),
                PathBuf::from("/c.txt")
            ])
        );
        assert_eq!(watch.take_drop(second), None, "taken once");
    }

    #[test]
    fn a_large_drop_is_cut_to_the_limit() {
        let watch = WindowWatch::default();
        watch.watch(Channel::new(|_| Ok(())));
        let paths: Vec<PathBuf> = (0..80)
            .map(|i| PathBuf::from(format!("/f{i}.txt")))
            .collect();
        let Some(WindowMessage::Drop { id, names }) = watch.dropped(&paths) else {
            panic!()
        };
        assert_eq!(names.len(), MAX_DROPPED_FILES);
        assert_eq!(
            watch.take_drop(id).map(|p| p.len()),
            Some(MAX_DROPPED_FILES)
        );
    }
}
