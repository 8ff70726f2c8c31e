//! Runs the real `osaava` binary on a fresh data dir in a temp folder.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

pub struct Cli {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not one JSON document ({e}):\n{}\nstderr: {}",
                self.stdout, self.stderr
            )
        })
    }
}

impl Default for Cli {
    fn default() -> Self {
        Self::new()
    }
}

impl Cli {
    pub fn new() -> Cli {
        Cli {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_env(args, &[])
    }

    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_osaava"));
        cmd.arg("--data-dir").arg(self.data_dir()).args(args);
        cmd.env_remove("OSAAVA_DATA_DIR")
            .env("LANG", "en_GB.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let Output {
            status,
            stdout,
            stderr,
        } = cmd.output().expect("run osaava");
        Run {
            code: status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
        }
    }

    /// Runs and insists on exit 0, returning the JSON stdout.
    pub fn ok_json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.push("--json");
        let r = self.run(&all);
        assert_eq!(r.code, 0, "osaava {args:?} failed: {}", r.stderr);
        r.json()
    }

    /// The whole library as `(id, version)` pairs of every stored version.
    pub fn library(&self) -> Vec<(String, u64)> {
        let list = self.ok_json(&["badges", "list"]);
        let mut all = Vec::new();
        for b in list.as_array().unwrap() {
            let id = b["id"].as_str().unwrap().to_string();
            let detail = self.ok_json(&["badges", "show", &id]);
            for v in detail["versions"].as_array().unwrap() {
                all.push((id.clone(), v["version"].as_u64().unwrap()));
            }
        }
        all.sort();
        all
    }
}

pub fn template(id: &str, criteria: &[(&str, &str)]) -> String {
    let criteria: Vec<serde_json::Value> = criteria
        .iter()
        .map(|(cid, text)| serde_json::json!({"id": cid, "text": {"fi": text, "en": text}}))
        .collect();
    serde_json::json!({
        "format": "osaava-badge-template/1",
        "id": id,
        "name": {"fi": "Testimerkki", "sv": "Testmärke", "en": "Test badge"},
        "criteria": criteria,
        "alignments": [{"kind": "qualification-unit", "code": "tutkinnonosat_107502",
                        "name": {"fi": "Asiakkaan kohtaaminen ja ohjaaminen"}, "competence_points": 20}]
    })
    .to_string()
}
