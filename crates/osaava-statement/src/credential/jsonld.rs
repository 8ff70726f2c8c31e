//! JSON-LD → RDF → RDFC-1.0 canonical N-Quads, offline.
//!
//! Expansion and conversion to RDF are `expand.rs` (JSON-LD 1.1 for the two embedded contexts,
//! refusing what a verifier in safe mode refuses); canonical blank node labels are oxrdf's
//! RDFC-1.0 with SHA-256. The N-Quads text is written here, escaping as RDFC-1.0's canonical
//! form asks (oxrdf's `Display` also escapes U+FFFE and U+FFFF, which the canonical form and
//! rdf-canonize leave as they are).
//!
//! Only the two contexts an Osaava credential names are known, embedded from
//! `templates/credential/contexts/` (copies of the npm packages the third-party verifier uses;
//! its `--check-contexts` mode proves they are the same). Any other context is an error:
//! nothing is fetched.

use oxrdf::dataset::{CanonicalizationAlgorithm, CanonicalizationHashAlgorithm};
use oxrdf::{Dataset, GraphNameRef, LiteralRef, NamedOrBlankNodeRef, QuadRef, TermRef};
use serde_json::Value;

use super::{expand, CredentialError};

pub const CREDENTIALS_V2: &str = "https://www.w3.org/ns/credentials/v2";
pub const OB_V3P0_3: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

const CREDENTIALS_V2_JSON: &str =
    include_str!("../../../../templates/credential/contexts/credentials-v2.jsonld");
const OB_V3P0_3_JSON: &str =
    include_str!("../../../../templates/credential/contexts/ob-v3p0-context-3.0.3.json");

/// The `@context` of every Osaava credential, in this order.
pub const CONTEXT: [&str; 2] = [CREDENTIALS_V2, OB_V3P0_3];

pub(crate) fn embedded(url: &str) -> Option<&'static str> {
    match url {
        CREDENTIALS_V2 => Some(CREDENTIALS_V2_JSON),
        OB_V3P0_3 => Some(OB_V3P0_3_JSON),
        _ => None,
    }
}

/// The RDF dataset of a JSON-LD document, or every place where it is refused.
pub fn to_dataset(doc: &Value) -> Result<Dataset, CredentialError> {
    let quads = expand::to_rdf(doc).map_err(CredentialError::JsonLd)?;
    Ok(quads.iter().collect())
}

/// RDFC-1.0 (SHA-256) canonical N-Quads of a JSON-LD document: one line per quad, each ending
/// in `\n`, sorted in code point order.
pub fn canonical_nquads(doc: &Value) -> Result<String, CredentialError> {
    Ok(canonical_form(to_dataset(doc)?))
}

/// The canonical N-Quads of a dataset (RDFC-1.0 with SHA-256).
pub fn canonical_form(mut dataset: Dataset) -> String {
    dataset.canonicalize(CanonicalizationAlgorithm::Rdfc10 {
        hash_algorithm: CanonicalizationHashAlgorithm::Sha256,
    });
    let mut lines: Vec<String> = dataset.iter().map(nquad).collect();
    lines.sort_unstable();
    lines.dedup();
    lines.concat()
}

fn nquad(q: QuadRef<'_>) -> String {
    let mut out = String::new();
    subject(&mut out, q.subject);
    out.push(' ');
    iri(&mut out, q.predicate.as_str());
    out.push(' ');
    match q.object {
        TermRef::NamedNode(n) => iri(&mut out, n.as_str()),
        TermRef::BlankNode(b) => {
            out.push_str("_:");
            out.push_str(b.as_str());
        }
        TermRef::Literal(l) => literal(&mut out, l),
        #[allow(unreachable_patterns)]
        _ => out.push_str(&q.object.to_string()),
    }
    match q.graph_name {
        GraphNameRef::DefaultGraph => {}
        GraphNameRef::NamedNode(n) => {
            out.push(' ');
            iri(&mut out, n.as_str());
        }
        GraphNameRef::BlankNode(b) => {
            out.push_str(" _:");
            out.push_str(b.as_str());
        }
    }
    out.push_str(" .\n");
    out
}

fn subject(out: &mut String, s: NamedOrBlankNodeRef<'_>) {
    match s {
        NamedOrBlankNodeRef::NamedNode(n) => iri(out, n.as_str()),
        NamedOrBlankNodeRef::BlankNode(b) => {
            out.push_str("_:");
            out.push_str(b.as_str());
        }
    }
}

fn iri(out: &mut String, iri: &str) {
    out.push('<');
    out.push_str(iri);
    out.push('>');
}

fn literal(out: &mut String, l: LiteralRef<'_>) {
    out.push('"');
    for c in l.value().chars() {
        match c {
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\0'..='\u{1f}' | '\u{7f}' => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            _ => out.push(c),
        }
    }
    out.push('"');
    if let Some(lang) = l.language() {
        out.push('@');
        out.push_str(lang);
    } else if l.datatype().as_str() != "http://www.w3.org/2001/XMLSchema#string" {
        out.push_str("^^");
        iri(out, l.datatype().as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credential::{build_credential, did_key, sign_credential};
    use crate::Statement;
    use chrono::TimeZone;
    use osaava_core::case::Decision;
    use osaava_core::Lang;
    use serde_json::json;

    fn refused(doc: &Value) -> Vec<String> {
        expand::to_rdf(doc).err().unwrap_or_default()
    }

    /// The same document through oxjsonld, an independent JSON-LD 1.1 processor.
    fn by_oxjsonld(doc: &Value) -> String {
        use oxjsonld::{JsonLdParser, JsonLdRemoteDocument};
        let bytes = serde_json::to_vec(doc).unwrap();
        let dataset: Dataset = JsonLdParser::new()
            .for_slice(&bytes)
            .with_load_document_callback(|url, _| {
                Ok(JsonLdRemoteDocument {
                    document: embedded(url).ok_or("not embedded")?.as_bytes().to_vec(),
                    document_url: url.to_string(),
                })
            })
            .map(|q| q.unwrap())
            .collect();
        canonical_form(dataset)
    }

    #[test]
    fn the_embedded_contexts_are_the_ones_named() {
        for url in CONTEXT {
            let doc: Value = serde_json::from_str(embedded(url).unwrap()).unwrap();
            assert!(doc["@context"]["@protected"].as_bool().unwrap());
        }
        assert!(embedded("https://www.w3.org/2018/credentials/v1").is_none());
    }

    #[test]
    fn types_dates_and_ids_are_coerced_as_the_contexts_say() {
        let doc = json!({
            "@context": CONTEXT,
            "id": "urn:uuid:0193a000-0000-7000-8000-0000000000aa",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "validFrom": "2026-11-24T12:30:00Z",
            "issuer": {"id": "did:key:z6MkvDqGT54cXesYGvABpF1UapVNwjCqRcafi4Px6Thv5T3Z", "type": ["Profile"], "name": "Kielo"},
            "credentialSubject": {"type": ["AchievementSubject"], "identifier": [{"type": "IdentityObject", "hashed": true, "identityHash": "x", "identityType": "name"}]}
        });
        let nq = canonical_nquads(&doc).unwrap();
        let id = "<urn:uuid:0193a000-0000-7000-8000-0000000000aa>";
        let has = |line: &str| assert!(nq.contains(&format!("{line} .\n")), "{line}\n{nq}");
        has(&format!("{id} <https://www.w3.org/2018/credentials#validFrom> \"2026-11-24T12:30:00Z\"^^<http://www.w3.org/2001/XMLSchema#dateTime>"));
        has(&format!("{id} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential>"));
        has(&format!("{id} <https://www.w3.org/2018/credentials#issuer> <did:key:z6MkvDqGT54cXesYGvABpF1UapVNwjCqRcafi4Px6Thv5T3Z>"));
        has("<did:key:z6MkvDqGT54cXesYGvABpF1UapVNwjCqRcafi4Px6Thv5T3Z> <https://schema.org/name> \"Kielo\"");
        // The OB context says https here.
        has("_:c14n0 <https://purl.imsglobal.org/spec/vc/ob/vocab.html#hashed> \"true\"^^<https://www.w3.org/2001/XMLSchema#boolean>");
        let lines: Vec<&str> = nq.lines().collect();
        let mut sorted = lines.clone();
        sorted.sort();
        assert_eq!(lines, sorted);
        assert_eq!(nq, by_oxjsonld(&doc));
    }

    #[test]
    fn literals_are_escaped_as_the_canonical_form_says() {
        let doc = json!({"@context": CONTEXT, "id": "urn:x:1", "type": ["VerifiableCredential"], "name": "a\"b\\c\nd\te\u{1}\u{7f}\u{fffe}å"});
        let nq = canonical_nquads(&doc).unwrap();
        assert!(
            nq.contains("\"a\\\"b\\\\c\\nd\\te\\u0001\\u007F\u{fffe}å\""),
            "{nq}"
        );
    }

    #[test]
    fn an_unknown_context_is_refused_not_fetched() {
        let doc = json!({"@context": ["https://www.w3.org/ns/credentials/v2", "https://example.org/ctx.json"], "name": "x"});
        let e = canonical_nquads(&doc).unwrap_err().to_string();
        assert!(e.contains("https://example.org/ctx.json"), "{e}");
    }

    #[test]
    fn credentials_and_proofs_convert_as_oxjsonld_converts_them() {
        let key = ed25519_dalek::SigningKey::from_bytes(&[9; 32]);
        let created = chrono::Utc
            .with_ymd_and_hms(2026, 11, 24, 13, 0, 0)
            .unwrap();
        for lang in Lang::ALL {
            for decision in [Decision::Recognised, Decision::PartiallyRecognised] {
                let mut s = Statement::example();
                s.language = lang;
                s.decision = decision;
                s.criteria[1].evidence[0].obtained = None;
                let mut c = build_credential(&s, &did_key(&key.verifying_key())).unwrap();
                assert_eq!(
                    canonical_nquads(&c).unwrap(),
                    by_oxjsonld(&c),
                    "{lang:?} {decision:?}"
                );
                c = sign_credential(c, &key, created).unwrap();
                let mut proof = c.as_object_mut().unwrap().remove("proof").unwrap();
                proof["@context"] = json!(CONTEXT);
                assert_eq!(canonical_nquads(&proof).unwrap(), by_oxjsonld(&proof));
            }
        }
    }

    #[test]
    fn lists_vocab_values_blank_node_ids_and_scopes_convert_as_oxjsonld_converts_them() {
        let doc = json!({
            "@context": CONTEXT,
            "id": "_:credential",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "credentialSubject": {
                "type": ["AchievementSubject"],
                "achievement": {
                    "id": "urn:a:1",
                    "type": ["Achievement"],
                    "resultDescription": [{
                        "id": "urn:rd:1", "type": ["ResultDescription"], "name": "n",
                        "resultType": "Status", "allowedValue": ["b", "a", "b"]
                    }]
                },
                "result": [{"type": ["Result"], "resultDescription": "urn:rd:1", "status": "Completed"}],
                "source": {"id": "_:credential"}
            },
            "proof": {"type": "DataIntegrityProof", "proofPurpose": "authentication", "created": "2026-01-01T00:00:00Z"}
        });
        let mut no_graph = doc.clone();
        no_graph.as_object_mut().unwrap().remove("proof");
        assert_eq!(canonical_nquads(&no_graph).unwrap(), by_oxjsonld(&no_graph));
        let nq = canonical_nquads(&no_graph).unwrap();
        assert!(
            nq.contains("<http://www.w3.org/1999/02/22-rdf-syntax-ns#first> \"b\""),
            "{nq}"
        );
        assert!(
            nq.contains(
                "#resultDescription> \"urn:rd:1\"^^<https://www.w3.org/2001/XMLSchema#anyURI>"
            ),
            "{nq}"
        );
        // A proof inside a credential is a named graph: not something we canonicalise.
        assert!(
            refused(&doc)[0].starts_with("$.proof: @graph containers"),
            "{:?}",
            refused(&doc)
        );
        let proof = json!({"@context": CONTEXT, "type": "DataIntegrityProof", "proofPurpose": "authentication"});
        assert!(canonical_nquads(&proof)
            .unwrap()
            .contains("<https://w3id.org/security#authenticationMethod>"));
        assert_eq!(canonical_nquads(&proof).unwrap(), by_oxjsonld(&proof));
    }

    #[test]
    fn what_json_ld_would_drop_is_refused() {
        let ok = json!({
            "@context": CONTEXT,
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": "n",
            "credentialSubject": {"type": ["AchievementSubject"], "achievement": {"id": "urn:a:1", "type": ["Achievement"], "name": "a", "criteria": {"narrative": "x"}}}
        });
        assert!(refused(&ok).is_empty(), "{:?}", refused(&ok));

        let mut bad = ok.clone();
        bad["nickname"] = json!("x");
        assert_eq!(
            refused(&bad),
            vec![
                "$.nickname: \"nickname\" is not defined by the contexts, so JSON-LD would drop it"
            ]
        );

        // `achievement` is defined only inside an AchievementSubject.
        let mut bad = ok.clone();
        bad["achievement"] = json!({"type": ["Achievement"], "name": "forged"});
        assert!(
            refused(&bad)[0].starts_with("$.achievement:"),
            "{:?}",
            refused(&bad)
        );

        // Type-scoped contexts do not reach nested nodes: `achievementType` is defined in
        // Achievement, not in the Criteria object inside it.
        let mut bad = ok.clone();
        bad["credentialSubject"]["achievement"]["criteria"]["achievementType"] = json!("Badge");
        assert!(refused(&bad)[0]
            .starts_with("$.credentialSubject.achievement.criteria.achievementType:"));

        let mut bad = ok.clone();
        bad["credentialSubject"]["type"] = json!(["AchievementSubject", "Forged"]);
        assert!(refused(&bad)[0].contains("type \"Forged\""));

        // Two types whose contexts define one protected term differently.
        let mut bad = ok.clone();
        bad["credentialSubject"]["achievement"]["type"] = json!(["Achievement", "Result"]);
        assert!(
            refused(&bad)[0].contains("protected term \"resultDescription\""),
            "{:?}",
            refused(&bad)
        );

        let mut bad = ok.clone();
        bad["credentialSubject"]["achievement"]["@context"] =
            json!({"name": "https://example.org/name"});
        assert!(refused(&bad)[0].contains("embedded context"));

        let mut bad = ok.clone();
        bad["credentialSubject"]["achievement"]["id"] = json!("relative/1");
        assert!(refused(&bad)[0].contains("absolute IRI"));

        let mut bad = ok.clone();
        bad["name"] = json!({"@value": "x", "@language": "fi"});
        assert!(refused(&bad)[0].contains("value objects"));

        let mut bad = ok.clone();
        bad["name"] = Value::Null;
        assert!(refused(&bad)[0].contains("null"));

        let mut bad = ok;
        bad["credentialSubject"]["creditsEarned"] = json!(35);
        assert!(refused(&bad)[0].contains("numbers"));
    }
}
