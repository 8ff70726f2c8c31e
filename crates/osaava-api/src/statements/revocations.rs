//! Revocation lists on a verifying device, and the verifier a data dir uses.
//!
//! A college imports the issuing organisations' signed lists (`osaava-revocations/1`, written by
//! [`App::revocation_list`]). Each is checked on import: its signature is intact, reaches a root
//! trusted here (an added organisation's or our own CA), and its signer is the organisation the
//! list names. A refused list changes nothing. The file is kept as received under
//! `DATA_DIR/revocation-lists/<business ID>.json`, one per organisation: a newer list replaces an
//! older one, an older one is refused. The kept files are checked again each time they are used,
//! so a list of an organisation no longer trusted is not used.
//!
//! Verification ([`App::verifier`]) uses, for a statement of organisation X: this data dir's own
//! records when X is our own organisation (revoked or reissued here, so always up to date), and
//! the list kept for X. With neither, a valid statement stays valid and its result says that no
//! list of X is known here (`no-list`), so the clerk can ask X for one.

use super::verify::{age_days, list_refusal, KnownList, STALE_AFTER_DAYS};
use crate::dto::*;
use crate::error::{ApiError, ErrorKind};
use crate::{App, Verifier};
use chrono::{DateTime, Utc};
use osaava_core::{BusinessId, Lang};
use osaava_statement::keys::Certificate;
use osaava_statement::model::OrganisationRef;
use osaava_statement::revocation::{
    read_revocation_list, CheckedRevocationList, RevocationList, Revoked, Superseded,
};
use std::path::PathBuf;
use uuid::Uuid;

const LISTS_DIR: &str = "revocation-lists";
/// A revocation list larger than this is not read (a list of 10,000 statements is about 1.5 MB).
pub const MAX_REVOCATION_LIST_BYTES: usize = 16 * 1024 * 1024;

/// One kept list file, as read and checked now.
struct Kept {
    path: PathBuf,
    bytes: Vec<u8>,
    checked: CheckedRevocationList,
}

fn list_view(checked: &CheckedRevocationList, now: DateTime<Utc>) -> RevocationListView {
    let list = &checked.list;
    let age = age_days(list.issued_at, now);
    RevocationListView {
        organisation: list.issuer.name.clone(),
        business_id: list.issuer.business_id.clone(),
        issued_at: list.issued_at.to_rfc3339(),
        revoked: list.revoked.len() as u32,
        superseded: list.superseded.len() as u32,
        age_days: age,
        stale: age > STALE_AFTER_DAYS,
        stale_after_days: STALE_AFTER_DAYS,
        trusted: list_refusal(checked).is_none(),
        signer: checked.signer.as_ref().and_then(|s| s.common_name.clone()),
    }
}

/// The refusal of a list that cannot be used, as the error an import returns.
fn refusal_error(code: &str, detail: &str, issuer: &OrganisationRef) -> ApiError {
    let message = match code {
        "tampered" => format!(
            "the revocation list was changed after it was signed, so it was not taken ({detail})"
        ),
        "untrusted" => format!(
            "the revocation list is not signed by an organisation trusted here: trust {} ({}) first ({detail})",
            issuer.name, issuer.business_id
        ),
        "signer-mismatch" => format!(
            "the revocation list is not signed by the organisation it names as its issuer ({detail})"
        ),
        _ => format!("the revocation list's signature is not valid ({detail})"),
    };
    ApiError::bad_input(message)
}

impl App {
    fn revocation_lists_dir(&self) -> PathBuf {
        self.data_dir().join(LISTS_DIR)
    }

    /// This data dir's own revoked and superseded statements as a list made at `now` (unsigned:
    /// [`App::revocation_list`] signs it). None before the organisation is set.
    pub(crate) fn own_revocation_list(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Option<RevocationList>, ApiError> {
        let store = self.store();
        let db = store.read();
        let Some(org) = db.organisation()? else {
            return Ok(None);
        };
        let parse_id = |s: &str| {
            Uuid::parse_str(s).map_err(|e| ApiError::internal(format!("statement id {s}: {e}")))
        };
        let parse_at = |s: &str| {
            DateTime::parse_from_rfc3339(s)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|e| ApiError::internal(format!("time {s}: {e}")))
        };
        let mut revoked = Vec::new();
        for r in db.revocations()? {
            revoked.push(Revoked {
                id: parse_id(&r.statement_id)?,
                revoked_at: parse_at(&r.revoked_at)?,
                reason: r.reason,
            });
        }
        let mut superseded = Vec::new();
        for (old, new, at) in db.supersessions()? {
            superseded.push(Superseded {
                id: parse_id(&old)?,
                by: parse_id(&new)?,
                at: parse_at(&at)?,
            });
        }
        Ok(Some(RevocationList {
            issuer: OrganisationRef {
                name: org.name.clone(),
                business_id: org.business_id.to_string(),
            },
            issued_at: now,
            revoked,
            superseded,
        }))
    }

    /// The kept list files, each read and checked against `roots` at `now`. A file that cannot be
    /// read any more is skipped (it is replaced by the next import of its organisation).
    fn kept_lists(&self, roots: &[Certificate], now: DateTime<Utc>) -> Vec<Kept> {
        let mut kept = Vec::new();
        let Ok(entries) = std::fs::read_dir(self.revocation_lists_dir()) else {
            return kept;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            if let Ok(checked) = read_revocation_list(&bytes, roots, now) {
                kept.push(Kept {
                    path,
                    bytes,
                    checked,
                });
            }
        }
        kept.sort_by(|a, b| {
            a.checked
                .list
                .issuer
                .name
                .to_lowercase()
                .cmp(&b.checked.list.issuer.name.to_lowercase())
                .then_with(|| a.path.cmp(&b.path))
        });
        kept
    }

    /// The revocation lists kept on this device, by organisation name.
    pub fn revocation_lists(&self) -> Result<Vec<RevocationListView>, ApiError> {
        let now = self.clock_now();
        let roots = self.trusted_roots()?;
        Ok(self
            .kept_lists(&roots, now)
            .iter()
            .map(|k| list_view(&k.checked, now))
            .collect())
    }

    /// Checks a revocation list file (named `file` in errors) and keeps it as its organisation's
    /// current list. A list that is unreadable, changed, not trusted, signed by another
    /// organisation or older than the one kept is refused, and nothing is written.
    pub fn import_revocation_list(
        &self,
        file: &str,
        bytes: &[u8],
    ) -> Result<RevocationListImport, ApiError> {
        if bytes.len() > MAX_REVOCATION_LIST_BYTES {
            return Err(ApiError::bad_input(format!(
                "not an Osaava revocation list: the file is larger than {} MiB",
                MAX_REVOCATION_LIST_BYTES / (1024 * 1024)
            ))
            .in_file(file));
        }
        let now = self.clock_now();
        let roots = self.trusted_roots()?;
        let checked = read_revocation_list(bytes, &roots, now)
            .map_err(|e| ApiError::bad_input(e.to_string()).in_file(file))?;
        if let Some((code, detail)) = list_refusal(&checked) {
            return Err(refusal_error(code, &detail, &checked.list.issuer).in_file(file));
        }
        let issuer = checked.list.issuer.clone();
        let business_id = BusinessId::parse(&issuer.business_id).map_err(|e| {
            ApiError::bad_input(format!("not an Osaava revocation list: issuer: {e}")).in_file(file)
        })?;
        let dir = self.revocation_lists_dir();
        let path = dir.join(format!("{business_id}.json"));
        let before = self
            .kept_lists(&roots, now)
            .into_iter()
            .find(|k| k.path == path);
        let outcome = match &before {
            None => RevocationImportOutcome::Added,
            Some(k) if k.bytes == bytes => RevocationImportOutcome::Unchanged,
            Some(k) if k.checked.list.issued_at > checked.list.issued_at => {
                return Err(ApiError::new(
                    ErrorKind::Conflict,
                    format!(
                        "this revocation list is older than the one kept for {} ({}): this one is from {}, the kept one from {}; the newer one is kept",
                        issuer.name,
                        business_id,
                        checked.list.issued_at.to_rfc3339(),
                        k.checked.list.issued_at.to_rfc3339()
                    ),
                )
                .in_file(file));
            }
            Some(_) => RevocationImportOutcome::Replaced,
        };
        let view = list_view(&checked, now);
        if outcome != RevocationImportOutcome::Unchanged {
            std::fs::create_dir_all(&dir)
                .map_err(|e| ApiError::internal(format!("{}: {e}", dir.display())))?;
            let tmp = dir.join(format!(".{business_id}.partial"));
            std::fs::write(&tmp, bytes)
                .and_then(|_| std::fs::File::open(&tmp)?.sync_all())
                .and_then(|_| std::fs::rename(&tmp, &path))
                .map_err(|e| ApiError::internal(format!("{}: {e}", path.display())))?;
            let at = self.now();
            let old = before
                .as_ref()
                .map(|k| format!("{} {}", business_id, k.checked.list.issued_at.to_rfc3339()));
            let new = format!(
                "{} {} revoked {} superseded {}",
                business_id, view.issued_at, view.revoked, view.superseded
            );
            self.store().write(|db| {
                db.audit(
                    &at,
                    &self.actor(),
                    "revocations.imported",
                    "revocations",
                    old.as_deref(),
                    Some(&new),
                )
            })?;
        }
        Ok(RevocationListImport {
            outcome,
            list: view,
            lists: self.revocation_lists()?,
        })
    }

    /// Forgets the list kept for the organisation with this business ID.
    pub fn remove_revocation_list(
        &self,
        business_id: &str,
    ) -> Result<Vec<RevocationListView>, ApiError> {
        let wanted = business_id.trim();
        let now = self.clock_now();
        let roots = self.trusted_roots()?;
        let found = self
            .kept_lists(&roots, now)
            .into_iter()
            .find(|k| k.checked.list.issuer.business_id.trim() == wanted);
        let Some(kept) = found else {
            return Err(ApiError::not_found(format!(
                "no revocation list is kept for {wanted:?}"
            )));
        };
        std::fs::remove_file(&kept.path)
            .map_err(|e| ApiError::internal(format!("{}: {e}", kept.path.display())))?;
        let at = self.now();
        let old = format!("{} {}", wanted, kept.checked.list.issued_at.to_rfc3339());
        self.store().write(|db| {
            db.audit(
                &at,
                &self.actor(),
                "revocations.removed",
                "revocations",
                Some(&old),
                None,
            )
        })?;
        self.revocation_lists()
    }

    /// The verifier of this data dir: the roots it trusts (and those in `trust`, PEM files by
    /// name), its own records, the lists kept here, and `revocations` (a list file given for this
    /// verification only).
    pub fn verifier(
        &self,
        trust: &[(String, Vec<u8>)],
        revocations: Option<(String, Vec<u8>)>,
        lang: Lang,
    ) -> Result<Verifier, ApiError> {
        let now = self.clock_now();
        let verifier = Verifier::new(trust, self.trusted_roots()?, revocations, now, lang)?;
        let mut known = Vec::new();
        if let Some(own) = self.own_revocation_list(now)? {
            let issued_here = self.store().read().statement_ids()?;
            known.push(KnownList {
                source: RevocationSource::OwnRecords,
                list: own,
                covers: Some(
                    issued_here
                        .iter()
                        .filter_map(|id| Uuid::parse_str(id).ok())
                        .collect(),
                ),
            });
        }
        for kept in self.kept_lists(verifier.roots(), now) {
            if list_refusal(&kept.checked).is_none() {
                known.push(KnownList {
                    source: RevocationSource::ImportedList,
                    list: kept.checked.list,
                    covers: None,
                });
            }
        }
        Ok(verifier.with_known_lists(known))
    }
}

#[cfg(test)]
mod tests {
    use crate::dto::*;
    use crate::{App, Clock};
    use chrono::{DateTime, Duration, Utc};
    use osaava_core::badge::EvidenceKind;
    use osaava_core::case::Decision;
    use osaava_core::interview::Rating;
    use osaava_core::{Lang, Role};
    use std::sync::{Arc, Mutex};

    const PASS: &str = "Kielo-avain 2026!";

    /// A clock the test moves forward.
    struct StepClock(Mutex<DateTime<Utc>>);

    impl Clock for StepClock {
        fn now(&self) -> DateTime<Utc> {
            *self.0.lock().unwrap()
        }
    }

    impl StepClock {
        fn advance(&self, d: Duration) {
            *self.0.lock().unwrap() += d;
        }
    }

    fn clock() -> Arc<StepClock> {
        Arc::new(StepClock(Mutex::new(
            DateTime::parse_from_rfc3339("2026-03-14T10:00:00Z")
                .unwrap()
                .into(),
        )))
    }

    /// An organisation's data dir with keys.
    fn organisation(
        dir: &tempfile::TempDir,
        clock: &Arc<StepClock>,
        name: &str,
        business_id: &str,
    ) -> App {
        let app = App::open(dir.path(), clock.clone(), "test").unwrap();
        app.set_organisation(&SetOrganisationRequest {
            name: name.into(),
            business_id: business_id.into(),
        })
        .unwrap();
        app.init_keys(PASS).unwrap();
        app
    }

    /// A college's data dir: no keys, trusting `issuers`.
    fn college(dir: &tempfile::TempDir, clock: &Arc<StepClock>, issuers: &[&App]) -> App {
        let app = App::open(dir.path(), clock.clone(), "test").unwrap();
        for issuer in issuers {
            app.trust_root("org-ca.pem", issuer.export_ca().unwrap().as_bytes())
                .unwrap();
        }
        app
    }

    /// A decided first-aid case of a new employee, every criterion met.
    fn decided_case(app: &App, employee: &str) -> String {
        let add = |name: &str, role| {
            app.add_person(&AddPersonRequest {
                name: name.into(),
                role,
                email: None,
                title: None,
            })
            .unwrap()
            .id
        };
        let e = add(employee, Role::Employee);
        let a = add("Sirkka Väänänen", Role::Assessor);
        let case = app
            .open_case(
                &OpenCaseRequest {
                    employee: e,
                    badge: "osaava-first-aid".into(),
                    badge_version: None,
                    assessor: Some(a),
                    language: Some(Lang::Fi),
                },
                Lang::Fi,
            )
            .unwrap()
            .id;
        let badge = app
            .show_badge(&ShowBadgeRequest {
                id: "osaava-first-aid".into(),
                version: None,
            })
            .unwrap();
        for c in &badge.badge.criteria {
            app.add_evidence(
                &AddEvidenceRequest {
                    case: case.clone(),
                    kind: EvidenceKind::InterviewAnswer,
                    criteria: vec![c.id.clone()],
                    obtained: None,
                    author: None,
                    verified: true,
                    note: None,
                },
                None,
                Lang::Fi,
            )
            .unwrap();
            app.rate(
                &RateRequest {
                    case: case.clone(),
                    criterion: c.id.clone(),
                    rating: Rating::Meets,
                    rationale: Some("Haastattelu".into()),
                },
                Lang::Fi,
            )
            .unwrap();
        }
        app.decide(&DecideRequest {
            case: case.clone(),
            decision: Decision::Recognised,
            justification: Some("Näyttö riittää.".into()),
        })
        .unwrap();
        case
    }

    fn issue(app: &App, case: &str) -> StatementView {
        app.issue_statement(&IssueStatementRequest {
            case: case.into(),
            language: None,
            place: Some("Kuopio".into()),
            passphrase: PASS.into(),
        })
        .unwrap()
    }

    fn verify(app: &App, statement: &StatementView) -> VerifyReport {
        let pdf = app.statement_pdf(&statement.id).unwrap();
        app.verifier(&[], None, Lang::En)
            .unwrap()
            .verify("statement.pdf", &pdf)
    }

    fn codes(r: &VerifyReport) -> Vec<&str> {
        r.problems.iter().map(|p| p.code.as_str()).collect()
    }

    fn revocations(app: &App) -> Vec<u8> {
        app.revocation_list(&RevocationListRequest {
            passphrase: PASS.into(),
        })
        .unwrap()
    }

    fn kept_files(app: &App) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(app.data_dir().join("revocation-lists"))
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    /// Copies every file under `from` into `to` (a second device set up with the same keys).
    fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap().flatten() {
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }

    #[test]
    fn another_device_of_the_organisation_does_not_vouch_for_statements_it_did_not_issue() {
        let clock = clock();
        let (first_dir, second_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let first = organisation(&first_dir, &clock, "Hoivakoti Kielo Oy", "0112038-9");
        let second = App::open(second_dir.path(), clock.clone(), "test").unwrap();
        second
            .set_organisation(&SetOrganisationRequest {
                name: "Hoivakoti Kielo Oy".into(),
                business_id: "0112038-9".into(),
            })
            .unwrap();
        copy_dir(
            &first_dir.path().join("keys"),
            &second_dir.path().join("keys"),
        );
        let statement = issue(&first, &decided_case(&first, "Åsa Mäkelä-Öhman"));
        first
            .revoke_statement(&RevokeStatementRequest {
                statement: statement.id.clone(),
                reason: "Väärä henkilö".into(),
            })
            .unwrap();
        let pdf = first.statement_pdf(&statement.id).unwrap();
        let r = second
            .verifier(&[], None, Lang::En)
            .unwrap()
            .verify("statement.pdf", &pdf);
        let check = r.revocation.as_ref().expect("the check is reported");
        assert_eq!(
            (check.status, check.source),
            (RevocationStatus::NoList, None),
            "the second device knows nothing of it: {r:?}"
        );
        // Its own statements it does vouch for.
        let own = issue(&second, &decided_case(&second, "Leena Koski"));
        let check = verify(&second, &own).revocation.unwrap();
        assert_eq!(check.source, Some(RevocationSource::OwnRecords));
    }

    #[test]
    fn the_issuing_data_dir_knows_its_own_revocations_and_reissues_without_a_list() {
        let clock = clock();
        let dir = tempfile::tempdir().unwrap();
        let app = organisation(&dir, &clock, "Hoivakoti Kielo Oy", "0112038-9");
        let case = decided_case(&app, "Åsa Mäkelä-Öhman");
        let first = issue(&app, &case);

        let r = verify(&app, &first);
        assert_eq!(r.verdict, Verdict::Valid, "{:?}", r.problems);
        let check = r.revocation.as_ref().expect("the check is reported");
        assert_eq!(check.status, RevocationStatus::Checked);
        assert_eq!(check.source, Some(RevocationSource::OwnRecords));
        assert_eq!(check.business_id, "0112038-9");

        clock.advance(Duration::hours(1));
        let second = issue(&app, &case);
        let r = verify(&app, &first);
        assert_eq!(r.verdict, Verdict::Invalid);
        assert_eq!(codes(&r), ["superseded"]);
        assert_eq!(
            r.revocation.as_ref().unwrap().source,
            Some(RevocationSource::OwnRecords)
        );
        assert_eq!(verify(&app, &second).verdict, Verdict::Valid);

        app.revoke_statement(&RevokeStatementRequest {
            statement: second.id.clone(),
            reason: "Väärä henkilö".into(),
        })
        .unwrap();
        let r = verify(&app, &second);
        assert_eq!(r.verdict, Verdict::Invalid);
        assert_eq!(codes(&r), ["revoked"]);
        assert!(r.problems[0].detail.contains("Väärä henkilö"));
        assert_eq!(
            r.problems[0].message, "The issuer has revoked this statement. Reason: Väärä henkilö",
            "the reason is in the sentence the clerk reads"
        );
        assert!(kept_files(&app).is_empty(), "no list was needed");
    }

    #[test]
    fn a_college_uses_the_imported_list_of_the_statements_organisation() {
        let clock = clock();
        let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let issuer = organisation(&d1, &clock, "Hoivakoti Kielo Oy", "0112038-9");
        let case = decided_case(&issuer, "Åsa Mäkelä-Öhman");
        let statement = issue(&issuer, &case);
        let pdf = issuer.statement_pdf(&statement.id).unwrap();
        let clerk = college(&d2, &clock, &[&issuer]);
        let check = |college: &App| {
            college
                .verifier(&[], None, Lang::En)
                .unwrap()
                .verify("statement.pdf", &pdf)
        };

        // Trusted, no list yet: valid, and the result says no list is known.
        let r = check(&clerk);
        assert_eq!(r.verdict, Verdict::Valid, "{:?}", r.problems);
        let c = r.revocation.unwrap();
        assert_eq!(c.status, RevocationStatus::NoList);
        assert_eq!(c.organisation, "Hoivakoti Kielo Oy");
        assert_eq!(c.source, None);

        // A list made before the revocation: checked, still valid, and its date is named.
        let clean = revocations(&issuer);
        let imported = clerk.import_revocation_list("kielo.json", &clean).unwrap();
        assert_eq!(imported.outcome, RevocationImportOutcome::Added);
        assert_eq!(imported.list.organisation, "Hoivakoti Kielo Oy");
        assert_eq!((imported.list.revoked, imported.list.superseded), (0, 0));
        assert_eq!(kept_files(&clerk), ["0112038-9.json"]);
        clock.advance(Duration::days(2));
        let r = check(&clerk);
        assert_eq!(r.verdict, Verdict::Valid);
        let c = r.revocation.unwrap();
        assert_eq!(c.status, RevocationStatus::Checked);
        assert_eq!(c.source, Some(RevocationSource::ImportedList));
        assert_eq!(
            c.list_issued_at.as_deref(),
            Some(imported.list.issued_at.as_str())
        );
        assert_eq!(c.age_days, Some(2));
        assert!(!c.stale);

        // The organisation revokes it and sends the new list: revoked at the clerk.
        issuer
            .revoke_statement(&RevokeStatementRequest {
                statement: statement.id.clone(),
                reason: "Väärä henkilö".into(),
            })
            .unwrap();
        let newer = revocations(&issuer);
        let imported = clerk
            .import_revocation_list("kielo-2.json", &newer)
            .unwrap();
        assert_eq!(imported.outcome, RevocationImportOutcome::Replaced);
        assert_eq!(imported.list.revoked, 1);
        assert_eq!(imported.lists.len(), 1, "one list per organisation");
        let r = check(&clerk);
        assert_eq!(r.verdict, Verdict::Invalid);
        assert_eq!(codes(&r), ["revoked"]);
        assert_eq!(
            r.revocation.as_ref().unwrap().source,
            Some(RevocationSource::ImportedList)
        );
        assert_eq!(
            clerk
                .import_revocation_list("kielo-2.json", &newer)
                .unwrap()
                .outcome,
            RevocationImportOutcome::Unchanged
        );

        // The older list does not replace the newer one.
        let kept = std::fs::read(clerk.data_dir().join("revocation-lists/0112038-9.json")).unwrap();
        let e = clerk
            .import_revocation_list("kielo.json", &clean)
            .unwrap_err();
        assert_eq!(e.kind, crate::ErrorKind::Conflict);
        assert!(
            e.message.starts_with("this revocation list is older"),
            "{}",
            e.message
        );
        assert_eq!(e.file.as_deref(), Some("kielo.json"));
        assert_eq!(
            std::fs::read(clerk.data_dir().join("revocation-lists/0112038-9.json")).unwrap(),
            kept
        );
        assert_eq!(codes(&check(&clerk)), ["revoked"]);

        // 31 days after it was made the list is stale.
        clock.advance(Duration::days(31));
        let lists = clerk.revocation_lists().unwrap();
        assert!(lists[0].stale && lists[0].age_days == 31, "{lists:?}");
        assert!(check(&clerk).revocation.unwrap().stale);

        // Removed: back to "no list".
        assert!(clerk
            .remove_revocation_list("0112038-9")
            .unwrap()
            .is_empty());
        assert!(kept_files(&clerk).is_empty());
        let r = check(&clerk);
        assert_eq!(r.verdict, Verdict::Valid);
        assert_eq!(r.revocation.unwrap().status, RevocationStatus::NoList);
        assert_eq!(
            clerk.remove_revocation_list("0112038-9").unwrap_err().kind,
            crate::ErrorKind::NotFound
        );
    }

    #[test]
    fn tampered_untrusted_and_misattributed_lists_are_refused_and_nothing_is_kept() {
        let clock = clock();
        let dirs: Vec<_> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
        let kielo = organisation(&dirs[0], &clock, "Hoivakoti Kielo Oy", "0112038-9");
        let other = organisation(&dirs[1], &clock, "Palvelutalo Vuokko Oy", "1572860-0");
        let case = decided_case(&kielo, "Åsa Mäkelä-Öhman");
        let statement = issue(&kielo, &case);
        kielo
            .revoke_statement(&RevokeStatementRequest {
                statement: statement.id.clone(),
                reason: "Väärä henkilö".into(),
            })
            .unwrap();
        let clerk = college(&dirs[2], &clock, &[&kielo]);
        let list = revocations(&kielo);

        // Tampered: the payload of a list without the revocation under this list's signature.
        let mut file: serde_json::Value = serde_json::from_slice(&list).unwrap();
        let mut clean = kielo.own_revocation_list(clock.now()).unwrap().unwrap();
        clean.revoked.clear();
        let clean = osaava_statement::revocation::sign_revocation_list(
            &clean,
            &identity(&kielo, clock.now()),
        )
        .unwrap();
        let clean: serde_json::Value = serde_json::from_slice(&clean).unwrap();
        file["payload"] = clean["payload"].clone();
        let e = clerk
            .import_revocation_list("muutettu.json", &serde_json::to_vec(&file).unwrap())
            .unwrap_err();
        assert_eq!(e.kind, crate::ErrorKind::BadInput);
        assert!(
            e.message
                .starts_with("the revocation list was changed after it was signed"),
            "{}",
            e.message
        );
        assert_eq!(e.file.as_deref(), Some("muutettu.json"));

        // From an organisation the college does not trust.
        let e = clerk
            .import_revocation_list("vuokko.json", &revocations(&other))
            .unwrap_err();
        assert!(
            e.message
                .starts_with("the revocation list is not signed by an organisation trusted here"),
            "{}",
            e.message
        );

        // Signed by a trusted organisation, naming another as the issuer.
        let college2_dir = tempfile::tempdir().unwrap();
        let clerk2 = college(&college2_dir, &clock, &[&kielo, &other]);
        let mut forged = kielo.own_revocation_list(clock.now()).unwrap().unwrap();
        forged.issuer.name = "Palvelutalo Vuokko Oy".into();
        forged.issuer.business_id = "1572860-0".into();
        let forged = osaava_statement::revocation::sign_revocation_list(
            &forged,
            &identity(&kielo, clock.now()),
        )
        .unwrap();
        let e = clerk2
            .import_revocation_list("vaarennos.json", &forged)
            .unwrap_err();
        assert!(
            e.message
                .starts_with("the revocation list is not signed by the organisation it names"),
            "{}",
            e.message
        );

        // Not a list at all.
        let e = clerk
            .import_revocation_list("lausunto.pdf", b"%PDF-1.7\n")
            .unwrap_err();
        assert!(
            e.message.starts_with("not an Osaava revocation list"),
            "{}",
            e.message
        );

        assert!(kept_files(&clerk).is_empty() && kept_files(&clerk2).is_empty());
        assert!(clerk.revocation_lists().unwrap().is_empty());
        let pdf = kielo.statement_pdf(&statement.id).unwrap();
        let r = clerk
            .verifier(&[], None, Lang::En)
            .unwrap()
            .verify("s.pdf", &pdf);
        assert_eq!(r.verdict, Verdict::Valid, "a refused list revokes nothing");
        assert_eq!(r.revocation.unwrap().status, RevocationStatus::NoList);
    }

    #[test]
    fn a_kept_list_of_an_organisation_no_longer_trusted_is_not_used() {
        let clock = clock();
        let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let kielo = organisation(&d1, &clock, "Hoivakoti Kielo Oy", "0112038-9");
        let clerk = college(&d2, &clock, &[&kielo]);
        clerk
            .import_revocation_list("kielo.json", &revocations(&kielo))
            .unwrap();
        assert!(clerk.revocation_lists().unwrap()[0].trusted);
        let fp = clerk.trusted_certificates().unwrap()[0]
            .sha256_fingerprint
            .clone();
        clerk.untrust_root(&fp).unwrap();
        let lists = clerk.revocation_lists().unwrap();
        assert_eq!(lists.len(), 1);
        assert!(!lists[0].trusted);
    }

    fn identity(app: &App, now: DateTime<Utc>) -> osaava_statement::keys::SigningIdentity {
        app.key_dir().organisation_identity(PASS, now).unwrap()
    }
}
