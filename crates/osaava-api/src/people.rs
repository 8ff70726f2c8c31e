//! People and the organisation.

use crate::dto::{
    AddPersonRequest, Created, PersonRequest, Profile, SearchPeopleRequest, SetOrganisationRequest,
    SetProfileRequest,
};
use crate::error::{ApiError, ErrorCode};
use crate::App;
use osaava_core::{BusinessId, Organisation, Person, Role};

const DEFAULT_PEOPLE: u32 = 100;
const MAX_PEOPLE: u32 = 500;
const PROFILE_ROLE_KEY: &str = "profile_role";
const PROFILE_PERSON_KEY: &str = "profile_person";

impl App {
    pub fn add_person(&self, req: &AddPersonRequest) -> Result<Created, ApiError> {
        let person = Person {
            id: uuid::Uuid::now_v7().to_string(),
            name: req.name.trim().to_string(),
            role: req.role,
            email: clean(&req.email),
            title: clean(&req.title),
        };
        person.validate()?;
        let now = self.now();
        self.store().write(|db| {
            db.insert_person(&person, &now)?;
            let subject = format!("person:{}", person.id);
            db.audit(
                &now,
                &self.actor(),
                "person.add",
                &subject,
                None,
                Some(person.role.code()),
            )?;
            Ok::<_, ApiError>(())
        })?;
        Ok(Created { id: person.id })
    }

    pub fn list_people(&self) -> Result<Vec<Person>, ApiError> {
        Ok(self.store().read().people()?)
    }

    /// People of a role (or all) whose name or email matches the query, by name; at most `limit`.
    ///
    /// Every word of the query must begin a word of the name (or the email), ignoring case:
    /// "vir maij" finds "Maija Virtanen", "ma" finds "Anna-Maria Laine", "ää" finds "Matti Ääri".
    /// An index of name words answers it (osaava-store), so it stays fast with 20,000 people.
    pub fn search_people(&self, req: &SearchPeopleRequest) -> Result<Vec<Person>, ApiError> {
        let limit = req.limit.unwrap_or(DEFAULT_PEOPLE);
        if limit == 0 || limit > MAX_PEOPLE {
            return Err(ApiError::bad_input(format!(
                "limit must be between 1 and {MAX_PEOPLE}, got {limit}"
            )));
        }
        Ok(self.store().read().search_people(
            req.query.as_deref().unwrap_or(""),
            req.role,
            limit,
        )?)
    }

    pub fn person(&self, req: &PersonRequest) -> Result<Person, ApiError> {
        self.store().read().person(req.id.trim())?.ok_or_else(|| {
            ApiError::not_found(format!(
                "no person with id {:?}; see `osaava people list`",
                req.id
            ))
            .with_code(ErrorCode::PersonNotFound)
        })
    }

    /// The role chosen on this device and the person it belongs to (none if that person is gone).
    pub fn profile(&self) -> Result<Profile, ApiError> {
        let store = self.store();
        let db = store.read();
        let role = db.setting(PROFILE_ROLE_KEY)?.and_then(|r| Role::parse(&r));
        let person = match db.setting(PROFILE_PERSON_KEY)?.filter(|p| !p.is_empty()) {
            Some(id) if role.is_some() => db.person(&id)?.filter(|p| Some(p.role) == role),
            _ => None,
        };
        Ok(Profile { role, person })
    }

    /// Remembers who uses this device. The person, when given, must have the chosen role.
    pub fn set_profile(&self, req: &SetProfileRequest) -> Result<Profile, ApiError> {
        let person = req
            .person
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty());
        self.store().write(|db| {
            if let Some(id) = person {
                let p = db.person(id)?.ok_or_else(|| {
                    ApiError::not_found(format!("no person with id {id:?}; add them first"))
                        .with_code(ErrorCode::PersonNotFound)
                })?;
                if p.role != req.role {
                    return Err(ApiError::bad_input(format!(
                        "{} is registered as {}, not {}; choose a person with that role",
                        p.name,
                        p.role.code(),
                        req.role.code()
                    ))
                    .with_code(ErrorCode::PersonWrongRole));
                }
            }
            db.set_setting(PROFILE_ROLE_KEY, req.role.code())?;
            db.set_setting(PROFILE_PERSON_KEY, person.unwrap_or(""))?;
            Ok::<_, ApiError>(())
        })?;
        self.refresh_actor()?;
        self.profile()
    }

    pub fn set_organisation(&self, req: &SetOrganisationRequest) -> Result<Organisation, ApiError> {
        let name = req.name.trim();
        if name.is_empty() {
            return Err(ApiError::bad_input("the organisation needs a name")
                .with_code(ErrorCode::OrganisationNeedsName));
        }
        let business_id = BusinessId::parse(&req.business_id)?;
        let org = Organisation {
            name: name.to_string(),
            business_id,
        };
        let now = self.now();
        self.store().write(|db| {
            let old = db
                .organisation()?
                .map(|o| format!("{} ({})", o.name, o.business_id));
            db.set_organisation(&org, &now)?;
            let new = format!("{} ({})", org.name, org.business_id);
            db.audit(
                &now,
                &self.actor(),
                "organisation.set",
                "organisation",
                old.as_deref(),
                Some(&new),
            )?;
            Ok::<_, ApiError>(())
        })?;
        Ok(org)
    }

    pub fn organisation(&self) -> Result<Option<Organisation>, ApiError> {
        Ok(self.store().read().organisation()?)
    }
}

fn clean(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

#[cfg(test)]
mod tests {
    use crate::dto::*;
    use crate::{App, FixedClock};
    use osaava_core::case::CaseState;
    use osaava_core::Role;
    use std::sync::Arc;

    fn app(dir: &tempfile::TempDir) -> App {
        let clock = Arc::new(FixedClock(
            chrono::DateTime::parse_from_rfc3339("2026-03-14T10:00:00Z")
                .unwrap()
                .into(),
        ));
        App::open(dir.path(), clock, "test").unwrap()
    }

    fn add(app: &App, name: &str, role: Role, email: Option<&str>) -> String {
        let req = AddPersonRequest {
            name: name.into(),
            role,
            email: email.map(Into::into),
            title: None,
        };
        app.add_person(&req).unwrap().id
    }

    fn names(people: Vec<osaava_core::Person>) -> Vec<String> {
        people.into_iter().map(|p| p.name).collect()
    }

    #[test]
    fn search_finds_word_prefixes_of_a_role_ignoring_case() {
        let dir = tempfile::tempdir().unwrap();
        let app = app(&dir);
        add(&app, "Maija Virtanen", Role::Employee, None);
        add(
            &app,
            "Anna-Maria Laine",
            Role::Employee,
            Some("anna.laine@example.fi"),
        );
        add(&app, "Matti Ääri", Role::Assessor, None);
        let search = |query: &str, role: Option<Role>| {
            names(
                app.search_people(&SearchPeopleRequest {
                    query: Some(query.into()),
                    role,
                    limit: None,
                })
                .unwrap(),
            )
        };
        assert_eq!(
            search("ma", None),
            ["Anna-Maria Laine", "Maija Virtanen", "Matti Ääri"]
        );
        assert_eq!(
            search("MA", Some(Role::Employee)),
            ["Anna-Maria Laine", "Maija Virtanen"]
        );
        assert_eq!(search("vir maij", None), ["Maija Virtanen"]);
        assert_eq!(search("ääri", None), ["Matti Ääri"]);
        assert_eq!(search("anna.l", None), ["Anna-Maria Laine"]);
        assert!(
            search("aija", None).is_empty(),
            "only word beginnings match"
        );
        assert_eq!(search("  ", Some(Role::Assessor)), ["Matti Ääri"]);
        let limited = app
            .search_people(&SearchPeopleRequest {
                query: None,
                role: None,
                limit: Some(2),
            })
            .unwrap();
        assert_eq!(limited.len(), 2);
        assert!(app
            .search_people(&SearchPeopleRequest {
                limit: Some(0),
                ..Default::default()
            })
            .is_err());
    }

    #[test]
    fn a_profile_is_remembered_and_its_person_must_have_the_role() {
        let dir = tempfile::tempdir().unwrap();
        let app = app(&dir);
        assert!(app.profile().unwrap().role.is_none());
        let maija = add(&app, "Maija Virtanen", Role::Employee, None);
        let err = app
            .set_profile(&SetProfileRequest {
                role: Role::Assessor,
                person: Some(maija.clone()),
            })
            .unwrap_err();
        assert!(err.message.contains("registered as employee"), "{err}");
        assert!(app.profile().unwrap().role.is_none(), "nothing written");
        let p = app
            .set_profile(&SetProfileRequest {
                role: Role::Employee,
                person: Some(maija.clone()),
            })
            .unwrap();
        assert_eq!(
            (p.role, p.person.map(|p| p.id)),
            (Some(Role::Employee), Some(maija.clone()))
        );
        drop(app);
        let app = self::app(&dir);
        assert_eq!(
            app.profile().unwrap().person.map(|p| p.name).as_deref(),
            Some("Maija Virtanen")
        );
        let p = app
            .set_profile(&SetProfileRequest {
                role: Role::Admin,
                person: None,
            })
            .unwrap();
        assert_eq!((p.role, p.person), (Some(Role::Admin), None));
        assert!(app.person(&PersonRequest { id: maija }).is_ok());
        assert_eq!(
            app.person(&PersonRequest {
                id: "nobody".into()
            })
            .unwrap_err()
            .kind,
            crate::ErrorKind::NotFound
        );
    }

    #[test]
    fn on_the_desktop_the_audit_trail_names_the_person_the_profile_names() {
        let dir = tempfile::tempdir().unwrap();
        let app = app(&dir).attribute_to_profile().unwrap();
        let maija = add(&app, "Maija Virtanen", Role::Employee, None);
        let aino = add(&app, "Aino Arvioija", Role::Assessor, None);
        let open = |app: &App| {
            let req = OpenCaseRequest {
                employee: maija.clone(),
                badge: "osaava-first-aid".into(),
                badge_version: None,
                assessor: Some(aino.clone()),
                language: None,
            };
            let case = app.open_case(&req, osaava_core::Lang::Fi).unwrap().id;
            let detail = app.show_case(&CaseRequest { case }).unwrap();
            detail.audit.last().unwrap().actor.clone()
        };
        assert_eq!(open(&app), "test", "no one chosen: the surface");
        app.set_profile(&SetProfileRequest {
            role: Role::Assessor,
            person: Some(aino.clone()),
        })
        .unwrap();
        assert_eq!(open(&app), format!("Aino Arvioija ({aino})"));
        drop(app);
        let reopened = self::app(&dir).attribute_to_profile().unwrap();
        assert_eq!(
            open(&reopened),
            format!("Aino Arvioija ({aino})"),
            "after a restart"
        );
        let cli = self::app(&dir);
        assert_eq!(
            open(&cli),
            "test",
            "the CLI names itself, not the device's profile"
        );
    }

    #[test]
    fn a_persons_cases_as_employee_or_assessor_and_only_open_ones() {
        let dir = tempfile::tempdir().unwrap();
        let app = app(&dir);
        let maija = add(&app, "Maija Virtanen", Role::Employee, None);
        let leena = add(&app, "Leena Koski", Role::Employee, None);
        let aino = add(&app, "Aino Arvioija", Role::Assessor, None);
        let open = |employee: &str, assessor: Option<&str>| {
            let req = OpenCaseRequest {
                employee: employee.into(),
                badge: "osaava-first-aid".into(),
                badge_version: None,
                assessor: assessor.map(Into::into),
                language: None,
            };
            app.open_case(&req, osaava_core::Lang::Fi).unwrap().id
        };
        let a = open(&maija, Some(&aino));
        let b = open(&leena, Some(&aino));
        let c = open(&maija, None);
        // A case opened without an assessor gets one; the employee cannot be their own.
        let err = app
            .assign_assessor(&AssignAssessorRequest {
                case: c.clone(),
                assessor: maija.clone(),
            })
            .unwrap_err();
        assert!(err.message.contains("not assessor"), "{err}");
        app.assign_assessor(&AssignAssessorRequest {
            case: c.clone(),
            assessor: aino.clone(),
        })
        .unwrap();
        let detail = app.show_case(&CaseRequest { case: c.clone() }).unwrap();
        assert_eq!(detail.assessor.map(|a| a.id), Some(aino.clone()));
        assert!(
            detail.audit.iter().any(|a| a.action == "case.assessor"),
            "the change is in the audit trail"
        );
        let detail = app.show_case(&CaseRequest { case: c.clone() }).unwrap();
        assert!(detail.actions.self_assess && detail.actions.interview && !detail.actions.decide);
        assert!(!detail.actions.pause_interview && !detail.actions.return_for_revision);
        app.withdraw_case(&CaseRequest { case: c.clone() }).unwrap();
        let detail = app.show_case(&CaseRequest { case: c.clone() }).unwrap();
        assert_eq!(
            detail.actions,
            CaseActions::default(),
            "a withdrawn case allows nothing"
        );
        let cases = |person: &str, open_only: bool| {
            let req = PersonCasesRequest {
                person: person.into(),
                open_only,
                limit: None,
                offset: None,
            };
            let mut ids: Vec<String> = app
                .person_cases(&req)
                .unwrap()
                .into_iter()
                .map(|s| s.id)
                .collect();
            ids.sort();
            ids
        };
        let sorted = |mut v: Vec<String>| {
            v.sort();
            v
        };
        assert_eq!(cases(&maija, false), sorted(vec![a.clone(), c.clone()]));
        assert_eq!(cases(&maija, true), vec![a.clone()]);
        assert_eq!(cases(&aino, true), sorted(vec![a.clone(), b.clone()]));
        let page = app
            .person_cases(&PersonCasesRequest {
                person: aino.clone(),
                open_only: true,
                limit: Some(1),
                offset: Some(1),
            })
            .unwrap();
        assert_eq!(page.len(), 1);
        assert_eq!(page[0].state, CaseState::Draft);
        assert!(app
            .person_cases(&PersonCasesRequest {
                person: "x".into(),
                open_only: false,
                limit: None,
                offset: None
            })
            .is_err());
    }
}
