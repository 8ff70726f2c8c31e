//! The words of the CLI's human output in Finnish, Swedish and English.

use osaava_core::{Lang, Role};

pub struct Text {
    lang: Lang,
}

impl Text {
    pub fn new(lang: Lang) -> Text {
        Text { lang }
    }

    fn pick(&self, fi: &'static str, sv: &'static str, en: &'static str) -> &'static str {
        match self.lang {
            Lang::Fi => fi,
            Lang::Sv => sv,
            Lang::En => en,
        }
    }

    pub fn id(&self) -> &'static str {
        self.pick("Tunnus", "ID", "ID")
    }
    pub fn version(&self) -> &'static str {
        self.pick("Versio", "Version", "Version")
    }
    pub fn name(&self) -> &'static str {
        self.pick("Nimi", "Namn", "Name")
    }
    pub fn criteria(&self) -> &'static str {
        self.pick("Kriteerit", "Kriterier", "Criteria")
    }
    pub fn alignments(&self) -> &'static str {
        self.pick("Vastaavuudet", "Motsvarigheter", "Alignments")
    }
    pub fn role(&self) -> &'static str {
        self.pick("Rooli", "Roll", "Role")
    }
    pub fn email(&self) -> &'static str {
        self.pick("Sähköposti", "E-post", "Email")
    }
    pub fn title(&self) -> &'static str {
        self.pick("Nimike", "Titel", "Title")
    }
    pub fn status(&self) -> &'static str {
        self.pick("Tila", "Status", "Status")
    }
    pub fn file(&self) -> &'static str {
        self.pick("Tiedosto", "Fil", "File")
    }
    pub fn new_version(&self) -> &'static str {
        self.pick("uusi", "ny", "new")
    }
    pub fn unchanged(&self) -> &'static str {
        self.pick("ennallaan", "oförändrad", "unchanged")
    }
    pub fn mandatory(&self) -> &'static str {
        self.pick("pakollinen", "obligatorisk", "mandatory")
    }
    pub fn optional(&self) -> &'static str {
        self.pick("valinnainen", "valfri", "optional")
    }
    pub fn guidance(&self) -> &'static str {
        self.pick(
            "Ohje arvioijalle",
            "Anvisning för bedömaren",
            "Guidance for the assessor",
        )
    }
    pub fn versions(&self) -> &'static str {
        self.pick("Versiot", "Versioner", "Versions")
    }
    pub fn reading(&self) -> &'static str {
        self.pick("Luetaan tiedostoja", "Läser filer", "Reading files")
    }
    pub fn no_badges(&self) -> &'static str {
        self.pick(
            "Ei osaamismerkkejä. Tuo merkkejä: osaava badges import TIEDOSTO.json",
            "Inga kompetensmärken. Importera: osaava badges import FIL.json",
            "No badges. Import some: osaava badges import FILE.json",
        )
    }
    pub fn no_people(&self) -> &'static str {
        self.pick(
            "Ei henkilöitä. Lisää: osaava people add --name NIMI --role employee",
            "Inga personer. Lägg till: osaava people add --name NAMN --role employee",
            "No people yet. Add one: osaava people add --name NAME --role employee",
        )
    }
    pub fn no_organisation(&self) -> &'static str {
        self.pick(
            "Organisaatiota ei ole asetettu. Aseta: osaava org set --name NIMI --business-id 1234567-8",
            "Organisationen är inte angiven. Ange: osaava org set --name NAMN --business-id 1234567-8",
            "No organisation set. Set it: osaava org set --name NAME --business-id 1234567-8",
        )
    }
    pub fn business_id(&self) -> &'static str {
        self.pick("Y-tunnus", "FO-nummer", "Business ID")
    }
    pub fn added(&self, id: &str) -> String {
        format!("{} {id}", self.pick("Lisätty:", "Tillagd:", "Added:"))
    }
    pub fn written(&self, path: &str) -> String {
        format!(
            "{} {path}",
            self.pick("Kirjoitettu:", "Skriven:", "Written:")
        )
    }
    pub fn role_name(&self, role: Role) -> &'static str {
        match role {
            Role::Employee => self.pick("työntekijä", "arbetstagare", "employee"),
            Role::Assessor => self.pick("arvioija", "bedömare", "assessor"),
            Role::Admin => self.pick("ylläpitäjä", "administratör", "admin"),
            Role::College => self.pick("oppilaitos", "läroanstalt", "college"),
        }
    }

    pub fn state(&self) -> &'static str {
        self.pick("Tila", "Status", "State")
    }
    pub fn employee(&self) -> &'static str {
        self.pick("Työntekijä", "Arbetstagare", "Employee")
    }
    pub fn badge(&self) -> &'static str {
        self.pick("Osaamismerkki", "Kompetensmärke", "Badge")
    }
    pub fn updated(&self) -> &'static str {
        self.pick("Muutettu", "Ändrad", "Changed")
    }
    pub fn no_cases(&self) -> &'static str {
        self.pick(
            "Ei arviointeja. Avaa: osaava case open --employee ID --badge MERKKI --assessor ID",
            "Inga bedömningar. Öppna: osaava case open --employee ID --badge MÄRKE --assessor ID",
            "No cases. Open one: osaava case open --employee ID --badge BADGE --assessor ID",
        )
    }
    pub fn done(&self) -> &'static str {
        self.pick("Tallennettu.", "Sparat.", "Saved.")
    }
    pub fn warning(&self) -> &'static str {
        self.pick("Varoitus", "Varning", "Warning")
    }
    pub fn suggestion(&self) -> &'static str {
        self.pick("Ehdotus", "Förslag", "Suggestion")
    }
    pub fn gaps(&self) -> &'static str {
        self.pick("Puutteet", "Luckor", "Gaps")
    }
    pub fn learning_path(&self) -> &'static str {
        self.pick("Oppimispolku", "Lärstig", "Learning path")
    }
    pub fn rating(&self) -> &'static str {
        self.pick("Arvio", "Bedömning", "Rating")
    }
    pub fn self_level(&self) -> &'static str {
        self.pick("Itsearvio", "Självbedömning", "Self")
    }
    pub fn evidence(&self) -> &'static str {
        self.pick("Näyttöjä", "Bevis", "Evidence")
    }
    pub fn sufficient(&self) -> &'static str {
        self.pick("Riittävä", "Tillräcklig", "Sufficient")
    }
    pub fn minutes(&self) -> &'static str {
        self.pick("min", "min", "min")
    }
    pub fn yes_no(&self, b: bool) -> &'static str {
        match b {
            true => self.pick("kyllä", "ja", "yes"),
            false => self.pick("ei", "nej", "no"),
        }
    }
}
