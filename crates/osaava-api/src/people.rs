//! People and the organisation.

use crate::dto::{AddPersonRequest, Created, SetOrganisationRequest};
use crate::error::ApiError;
use crate::App;
use osaava_core::{BusinessId, Organisation, Person};

impl App {
    pub fn add_person(&self, req: &AddPersonRequest) -> Result<Created, ApiError> {
        let person = Person {
            id: uuid::Uuid::now_v7().to_string(),
            name: req.name.trim().to_string(),
            role: req.role,
            email: clean(&req.email),
            title: clean(&req.title),
        };
        person.validate().map_err(|e| ApiError::bad_input(e.to_string()))?;
        let now = self.now();
        self.store().write(|db| {
            db.insert_person(&person, &now)?;
            let subject = format!("person:{}", person.id);
            db.audit(&now, self.actor(), "person.add", &subject, None, Some(person.role.code()))?;
            Ok::<_, ApiError>(())
        })?;
        Ok(Created { id: person.id })
    }

    pub fn list_people(&self) -> Result<Vec<Person>, ApiError> {
        Ok(self.store().read().people()?)
    }

    pub fn set_organisation(&self, req: &SetOrganisationRequest) -> Result<Organisation, ApiError> {
        let name = req.name.trim();
        if name.is_empty() {
            return Err(ApiError::bad_input("the organisation needs a name"));
        }
        let business_id = BusinessId::parse(&req.business_id).map_err(|e| ApiError::bad_input(e.to_string()))?;
        let org = Organisation { name: name.to_string(), business_id };
        let now = self.now();
        self.store().write(|db| {
            let old = db.organisation()?.map(|o| format!("{} ({})", o.name, o.business_id));
            db.set_organisation(&org, &now)?;
            let new = format!("{} ({})", org.name, org.business_id);
            db.audit(&now, self.actor(), "organisation.set", "organisation", old.as_deref(), Some(&new))?;
            Ok::<_, ApiError>(())
        })?;
        Ok(org)
    }

    pub fn organisation(&self) -> Result<Option<Organisation>, ApiError> {
        Ok(self.store().read().organisation()?)
    }
}

fn clean(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(String::from)
}
