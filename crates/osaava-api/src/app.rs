use crate::badges::{import_parsed, LibraryCache};
use crate::error::ApiError;
use crate::starter::STARTER_BADGES;
use chrono::{DateTime, SecondsFormat, Utc};
use osaava_core::import::parse_badges;
use osaava_store::Store;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

pub const DATABASE_FILE: &str = "osaava.sqlite3";
/// The desktop app's identifier; its data dir is shared with the CLI.
const APP_DIR_NAME: &str = "fi.osaava.desktop";
const SEEDED_KEY: &str = "starter_library_seeded";

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that always says the same time, for tests and reproducible demos.
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// The OS application data dir the desktop app uses.
pub fn default_data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join(APP_DIR_NAME)
}

/// `--data-dir`, else `OSAAVA_DATA_DIR`, else the OS application data dir.
pub fn resolve_data_dir(flag: Option<PathBuf>) -> PathBuf {
    flag.or_else(|| {
        std::env::var_os("OSAAVA_DATA_DIR")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
    .unwrap_or_else(default_data_dir)
}

/// Everything a handler needs: the store, the data dir, the clock and who is acting.
pub struct App {
    store: Mutex<Store>,
    data_dir: PathBuf,
    clock: Arc<dyn Clock>,
    /// Who the audit trail names: the surface ("cli", "desktop"), or on a device whose profile
    /// names a person, that person (see `attribute_to_profile`).
    actor: RwLock<String>,
    surface: String,
    attribute_to_profile: bool,
    library: LibraryCache,
}

impl App {
    /// Opens the data dir, creating and seeding it with the starter library on first use.
    pub fn open(data_dir: &Path, clock: Arc<dyn Clock>, actor: &str) -> Result<App, ApiError> {
        if data_dir.exists() && !data_dir.is_dir() {
            return Err(ApiError::bad_input(format!(
                "data dir {} is a file, not a directory",
                data_dir.display()
            )));
        }
        std::fs::create_dir_all(data_dir).map_err(|e| {
            ApiError::bad_input(format!(
                "cannot create the data dir {}: {e}",
                data_dir.display()
            ))
        })?;
        let store = Store::open(&data_dir.join(DATABASE_FILE))?;
        let app = App {
            store: Mutex::new(store),
            data_dir: data_dir.to_path_buf(),
            clock,
            actor: RwLock::new(actor.to_string()),
            surface: actor.to_string(),
            attribute_to_profile: false,
            library: LibraryCache::default(),
        };
        app.seed_starter_library()?;
        Ok(app)
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock cannot leave SQLite half-written (the transaction
        // rolls back), so a poisoned lock is safe to reuse.
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn now(&self) -> String {
        self.clock.now().to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    pub(crate) fn clock_now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    pub(crate) fn today(&self) -> chrono::NaiveDate {
        self.clock.now().date_naive()
    }

    pub(crate) fn library(&self) -> &LibraryCache {
        &self.library
    }

    /// Attributes what is done from now on to the person this device's profile names (the
    /// desktop: one person uses it at a time and chose who they are), or to the surface when
    /// the profile names no one.
    pub fn attribute_to_profile(mut self) -> Result<App, ApiError> {
        self.attribute_to_profile = true;
        self.refresh_actor()?;
        Ok(self)
    }

    /// Re-reads the profile after it or the whole data dir changed. Must not run while the
    /// store is held: handlers read `actor()` inside their transaction.
    pub(crate) fn refresh_actor(&self) -> Result<(), ApiError> {
        if !self.attribute_to_profile {
            return Ok(());
        }
        let actor = match self.profile()?.person {
            Some(p) => format!("{} ({})", p.name, p.id),
            None => self.surface.clone(),
        };
        *self.actor.write().unwrap_or_else(|p| p.into_inner()) = actor;
        Ok(())
    }

    pub(crate) fn actor(&self) -> String {
        self.actor.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn seed_starter_library(&self) -> Result<(), ApiError> {
        if self.store().read().setting(SEEDED_KEY)?.is_some() {
            return Ok(());
        }
        let mut parsed = Vec::new();
        for (name, json) in STARTER_BADGES {
            let badges = parse_badges(json.as_bytes())
                .map_err(|e| ApiError::internal(format!("starter badge {name} is broken: {e}")))?;
            parsed.push((name.to_string(), badges));
        }
        let now = self.now();
        self.store().write(|db| {
            import_parsed(db, parsed, &now, &self.actor())?;
            db.set_setting(SEEDED_KEY, &now)?;
            Ok::<_, ApiError>(())
        })
    }
}
