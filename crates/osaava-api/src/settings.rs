//! User settings: the language, remembered once chosen.

use crate::dto::{SetLanguageRequest, Settings};
use crate::error::ApiError;
use crate::App;
use osaava_core::Lang;

const LANGUAGE_KEY: &str = "language";

impl App {
    /// The chosen language, else the one the OS locale (`os_locale`, e.g. LANG) suggests.
    pub fn settings(&self, os_locale: &str) -> Result<Settings, ApiError> {
        let chosen = self
            .store()
            .read()
            .setting(LANGUAGE_KEY)?
            .and_then(|c| Lang::parse(&c));
        Ok(Settings {
            language: chosen.unwrap_or_else(|| Lang::from_posix_locale(os_locale)),
            data_dir: self.data_dir().display().to_string(),
        })
    }

    pub fn set_language(&self, req: &SetLanguageRequest) -> Result<Settings, ApiError> {
        self.store()
            .write(|db| db.set_setting(LANGUAGE_KEY, req.language.code()))?;
        self.settings("")
    }
}

/// The OS locale from the environment, as POSIX programs read it.
pub fn os_locale() -> String {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_default()
}
