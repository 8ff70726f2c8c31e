//! The CMS SignedData inside a PAdES signature: building it, and reading and checking it.

use crate::keys::verify::{verify_signature, Hash, SignatureCheck, ID_SHA256};
use crate::keys::{KeyError, SigningIdentity};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedAttributes, SignedData, SignerIdentifier,
    SignerInfo, SignerInfos,
};
use der::asn1::{ObjectIdentifier, OctetString, SetOfVec};
use der::{Any, Decode, Encode, Reader, Sequence};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::{Attribute, AttributeValue};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::serial_number::SerialNumber;
use x509_cert::Certificate;

pub(crate) const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
pub(crate) const ID_SIGNED_DATA: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
pub(crate) const ID_CONTENT_TYPE: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
pub(crate) const ID_MESSAGE_DIGEST: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
#[cfg(test)]
pub(crate) const ID_SIGNING_TIME: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
/// id-aa-signingCertificateV2 (RFC 5035)
pub(crate) const ID_SIGNING_CERTIFICATE_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
/// id-aa-signingCertificate (RFC 2634, SHA-1)
pub(crate) const ID_SIGNING_CERTIFICATE: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.12");

/// IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber }
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct IssuerSerial {
    pub issuer: Vec<GeneralName>,
    pub serial_number: SerialNumber,
}

/// ESSCertIDv2 ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier DEFAULT {id-sha256},
///   certHash OCTET STRING, issuerSerial IssuerSerial OPTIONAL }
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct EssCertIdV2 {
    #[asn1(optional = "true")]
    pub hash_algorithm: Option<AlgorithmIdentifierOwned>,
    pub cert_hash: OctetString,
    #[asn1(optional = "true")]
    pub issuer_serial: Option<IssuerSerial>,
}

/// SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2,
///   policies SEQUENCE OF PolicyInformation OPTIONAL }
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct SigningCertificateV2 {
    pub certs: Vec<EssCertIdV2>,
    #[asn1(optional = "true")]
    pub policies: Option<Vec<Any>>,
}

/// ESSCertID ::= SEQUENCE { certHash OCTET STRING (SHA-1), issuerSerial IssuerSerial OPTIONAL }
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct EssCertId {
    pub cert_hash: OctetString,
    #[asn1(optional = "true")]
    pub issuer_serial: Option<IssuerSerial>,
}

/// SigningCertificate ::= SEQUENCE { certs SEQUENCE OF ESSCertID, policies … OPTIONAL }
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct SigningCertificate {
    pub certs: Vec<EssCertId>,
    #[asn1(optional = "true")]
    pub policies: Option<Vec<Any>>,
}

fn internal(e: impl std::fmt::Display) -> KeyError {
    KeyError::Internal(e.to_string())
}

fn attribute(oid: ObjectIdentifier, value: &impl Encode) -> Result<Attribute, KeyError> {
    let value = AttributeValue::from_der(&value.to_der().map_err(internal)?).map_err(internal)?;
    let values = SetOfVec::try_from(vec![value]).map_err(internal)?;
    Ok(Attribute { oid, values })
}

fn sha256_alg() -> AlgorithmIdentifierOwned {
    // RFC 5754: SHA-2 identifiers without parameters.
    AlgorithmIdentifierOwned {
        oid: ID_SHA256,
        parameters: None,
    }
}

/// The DER ContentInfo(SignedData) over the content whose SHA-256 is `digest`. With
/// `dummy_signature`, no signing happens and the signature is that many 0xFF bytes: used to
/// learn how much room the real one needs.
pub(crate) fn build_signed_data(
    identity: &SigningIdentity,
    digest: &[u8; 32],
    dummy_signature: Option<usize>,
) -> Result<Vec<u8>, KeyError> {
    let signer = identity.certificate();
    let signer_der = signer.to_der().map_err(internal)?;
    let issuer = signer.tbs_certificate.issuer.clone();
    let serial = signer.tbs_certificate.serial_number.clone();

    let ess = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            hash_algorithm: None, // DEFAULT id-sha256, so left out in DER
            cert_hash: OctetString::new(Sha256::digest(&signer_der).to_vec()).map_err(internal)?,
            issuer_serial: Some(IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(issuer.clone())],
                serial_number: serial.clone(),
            }),
        }],
        policies: None,
    };
    let attrs = vec![
        attribute(ID_CONTENT_TYPE, &ID_DATA)?,
        attribute(
            ID_MESSAGE_DIGEST,
            &OctetString::new(digest.to_vec()).map_err(internal)?,
        )?,
        attribute(ID_SIGNING_CERTIFICATE_V2, &ess)?,
    ];
    let signed_attrs: SignedAttributes = SetOfVec::try_from(attrs).map_err(internal)?;
    let to_sign = signed_attrs.to_der().map_err(internal)?;
    let signature = match dummy_signature {
        Some(len) => vec![0xFF; len],
        None => identity.key.sign_sha256(&to_sign)?,
    };

    let signer_info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer,
            serial_number: serial,
        }),
        digest_alg: sha256_alg(),
        signed_attrs: Some(signed_attrs),
        signature_algorithm: identity.key.signature_algorithm()?,
        signature: OctetString::new(signature).map_err(internal)?,
        unsigned_attrs: None,
    };
    let certs: Vec<CertificateChoices> = identity
        .chain
        .iter()
        .cloned()
        .map(CertificateChoices::Certificate)
        .collect();
    let signed_data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![sha256_alg()]).map_err(internal)?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet(SetOfVec::try_from(certs).map_err(internal)?)),
        crls: None,
        signer_infos: SignerInfos(SetOfVec::try_from(vec![signer_info]).map_err(internal)?),
    };
    let content_info = ContentInfo {
        content_type: ID_SIGNED_DATA,
        content: Any::encode_from(&signed_data).map_err(internal)?,
    };
    content_info.to_der().map_err(internal)
}

/// A CMS SignedData as found in a signature's /Contents.
pub(crate) struct ParsedCms {
    pub signer_info: SignerInfo,
    pub certificates: Vec<Certificate>,
}

/// Reads the first DER object of `bytes` (the rest is the zero padding of the hole).
pub(crate) fn parse(bytes: &[u8]) -> Result<ParsedCms, String> {
    let mut reader = der::SliceReader::new(bytes).map_err(|e| e.to_string())?;
    let ci: ContentInfo = der::Decode::decode(&mut reader).map_err(|e| format!("not CMS: {e}"))?;
    let rest = &bytes[usize::try_from(reader.position()).map_err(|e| e.to_string())?..];
    if rest.iter().any(|b| *b != 0) {
        return Err("data after the CMS structure in /Contents".into());
    }
    if ci.content_type != ID_SIGNED_DATA {
        return Err(format!(
            "CMS content type {} is not signedData",
            ci.content_type
        ));
    }
    let sd: SignedData = ci
        .content
        .decode_as()
        .map_err(|e| format!("damaged SignedData: {e}"))?;
    if sd.encap_content_info.econtent.is_some() {
        return Err("the signature is not detached (it carries its content)".into());
    }
    let mut infos = sd.signer_infos.0.into_vec();
    if infos.len() != 1 {
        return Err(format!("{} signer infos, expected 1", infos.len()));
    }
    let certificates = sd
        .certificates
        .map(|set| {
            set.0
                .into_vec()
                .into_iter()
                .filter_map(|c| match c {
                    CertificateChoices::Certificate(c) => Some(c),
                    CertificateChoices::Other(_) => None,
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(ParsedCms {
        signer_info: infos.remove(0),
        certificates,
    })
}

/// What is wrong with a CMS signature over content with SHA-256/384/512 digest `digests`.
pub(crate) enum CmsProblem {
    /// The content does not match message-digest: the file changed.
    DigestMismatch,
    /// The signature, or a signed attribute, does not check out.
    BadSignature(String),
    Unsupported(String),
}

/// Finds the signer's certificate in `parsed` and checks the signed attributes and the signature.
/// `content` hashes the signed byte ranges with the algorithm the signature names.
pub(crate) fn check(
    parsed: &ParsedCms,
    content: impl Fn(Hash) -> Vec<u8>,
    pades: bool,
) -> (Option<Certificate>, Vec<CmsProblem>) {
    let si = &parsed.signer_info;
    let mut problems = Vec::new();
    let signer = match &si.sid {
        SignerIdentifier::IssuerAndSerialNumber(iasn) => parsed.certificates.iter().find(|c| {
            c.tbs_certificate.issuer == iasn.issuer
                && c.tbs_certificate.serial_number == iasn.serial_number
        }),
        SignerIdentifier::SubjectKeyIdentifier(ski) => parsed.certificates.iter().find(|c| {
            c.tbs_certificate
                .extensions
                .as_ref()
                .and_then(|exts| exts.iter().find(|e| e.extn_id == SKI_OID))
                .and_then(|e| OctetString::from_der(e.extn_value.as_bytes()).ok())
                .is_some_and(|o| o == ski.0)
        }),
    }
    .cloned();
    let Some(signer) = signer else {
        problems.push(CmsProblem::BadSignature(
            "the signer's certificate is not included in the signature".into(),
        ));
        return (None, problems);
    };

    let Some(hash) = Hash::from_oid(&si.digest_alg.oid) else {
        problems.push(CmsProblem::Unsupported(format!(
            "digest algorithm {}",
            si.digest_alg.oid
        )));
        return (Some(signer), problems);
    };
    let Some(attrs) = &si.signed_attrs else {
        problems.push(CmsProblem::BadSignature(
            "the signature has no signed attributes".into(),
        ));
        return (Some(signer), problems);
    };
    let find = |oid| attrs.iter().find(|a: &&Attribute| a.oid == oid);

    // content-type
    match find(ID_CONTENT_TYPE).and_then(|a| a.values.iter().next()) {
        Some(v) if v.decode_as::<ObjectIdentifier>().ok() == Some(ID_DATA) => {}
        _ => problems.push(CmsProblem::BadSignature(
            "content-type attribute is not id-data".into(),
        )),
    }
    // message-digest
    let digest = content(hash);
    match find(ID_MESSAGE_DIGEST).and_then(|a| a.values.iter().next()) {
        Some(v) => match v.decode_as::<OctetString>() {
            Ok(md) if md.as_bytes() == digest.as_slice() => {}
            Ok(_) => problems.push(CmsProblem::DigestMismatch),
            Err(_) => problems.push(CmsProblem::BadSignature(
                "message-digest attribute is damaged".into(),
            )),
        },
        None => problems.push(CmsProblem::BadSignature(
            "no message-digest attribute".into(),
        )),
    }
    // signing-certificate(-v2) must name the signer's certificate.
    match signing_certificate_matches(attrs, &signer) {
        Ok(true) => {}
        Ok(false) => problems.push(CmsProblem::BadSignature(
            "the signing-certificate attribute names another certificate than the signer's".into(),
        )),
        Err(None) if !pades => {}
        Err(None) => problems.push(CmsProblem::BadSignature(
            "no signing-certificate-v2 attribute, which PAdES (ETSI.CAdES.detached) requires"
                .into(),
        )),
        Err(Some(e)) => problems.push(CmsProblem::BadSignature(e)),
    }
    // The signature over the DER SET OF signed attributes.
    match attrs.to_der() {
        Ok(der) => match verify_signature(
            &signer.tbs_certificate.subject_public_key_info,
            &si.signature_algorithm,
            Some(&si.digest_alg.oid),
            &der,
            si.signature.as_bytes(),
        ) {
            Ok(()) => {}
            Err(SignatureCheck::Invalid) => problems.push(CmsProblem::BadSignature(
                "the signature value does not verify with the signer's public key".into(),
            )),
            Err(SignatureCheck::Unsupported(what)) => problems.push(CmsProblem::Unsupported(what)),
        },
        Err(e) => problems.push(CmsProblem::BadSignature(format!("signed attributes: {e}"))),
    }
    (Some(signer), problems)
}

const SKI_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.14");

/// Ok(true/false) when a signing-certificate(-v2) attribute is there; Err(None) when neither is;
/// Err(Some(why)) when it cannot be read.
fn signing_certificate_matches(
    attrs: &SignedAttributes,
    signer: &Certificate,
) -> Result<bool, Option<String>> {
    let der = signer.to_der().map_err(|e| Some(e.to_string()))?;
    let issuer_serial_ok = |is: &Option<IssuerSerial>| {
        match is {
        None => true,
        Some(is) => {
            is.serial_number == signer.tbs_certificate.serial_number
                && is.issuer.iter().any(|g| {
                    matches!(g, GeneralName::DirectoryName(n) if *n == signer.tbs_certificate.issuer)
                })
        }
    }
    };
    if let Some(a) = attrs.iter().find(|a| a.oid == ID_SIGNING_CERTIFICATE_V2) {
        let v: SigningCertificateV2 = a
            .values
            .iter()
            .next()
            .ok_or_else(|| Some("empty signing-certificate-v2 attribute".to_string()))?
            .decode_as()
            .map_err(|e| Some(format!("damaged signing-certificate-v2 attribute: {e}")))?;
        let first = v
            .certs
            .first()
            .ok_or_else(|| Some("empty signing-certificate-v2".into()))?;
        let hash = match &first.hash_algorithm {
            None => Hash::Sha256,
            Some(alg) => Hash::from_oid(&alg.oid).ok_or_else(|| {
                Some(format!(
                    "signing-certificate-v2 hash algorithm {} not supported",
                    alg.oid
                ))
            })?,
        };
        return Ok(first.cert_hash.as_bytes() == hash.digest(&der).as_slice()
            && issuer_serial_ok(&first.issuer_serial));
    }
    if let Some(a) = attrs.iter().find(|a| a.oid == ID_SIGNING_CERTIFICATE) {
        let v: SigningCertificate = a
            .values
            .iter()
            .next()
            .ok_or_else(|| Some("empty signing-certificate attribute".to_string()))?
            .decode_as()
            .map_err(|e| Some(format!("damaged signing-certificate attribute: {e}")))?;
        let first = v
            .certs
            .first()
            .ok_or_else(|| Some("empty signing-certificate".into()))?;
        return Ok(
            first.cert_hash.as_bytes() == sha1::Sha1::digest(&der).as_slice()
                && issuer_serial_ok(&first.issuer_serial),
        );
    }
    Err(None)
}

/// Whether the signed attributes carry a signing-time (PAdES B-B puts the time in /M instead).
#[cfg(test)]
pub(crate) fn has_signing_time(parsed: &ParsedCms) -> bool {
    parsed
        .signer_info
        .signed_attrs
        .as_ref()
        .is_some_and(|a| a.iter().any(|a| a.oid == ID_SIGNING_TIME))
}
