//! `did:key` for Ed25519 keys: the multicodec prefix `0xed 0x01` and the 32-byte public key,
//! base58btc-encoded with the multibase prefix `z` (so every such DID starts `did:key:z6Mk`).

use ed25519_dalek::VerifyingKey;

use super::CredentialError;

/// Multicodec `ed25519-pub` (0xed) as an unsigned varint.
const ED25519_PUB: [u8; 2] = [0xed, 0x01];

/// The public key as a multibase Multikey value: `z6Mk…`.
pub fn multibase(public: &VerifyingKey) -> String {
    let mut bytes = Vec::with_capacity(34);
    bytes.extend_from_slice(&ED25519_PUB);
    bytes.extend_from_slice(public.as_bytes());
    format!("z{}", bs58::encode(bytes).into_string())
}

/// `did:key:z6Mk…` for an Ed25519 public key.
pub fn did_key(public: &VerifyingKey) -> String {
    format!("did:key:{}", multibase(public))
}

/// The verification method of a `did:key`: `did:key:z6Mk…#z6Mk…`.
pub fn verification_method(public: &VerifyingKey) -> String {
    let mb = multibase(public);
    format!("did:key:{mb}#{mb}")
}

/// The Ed25519 key inside `did:key:z6Mk…` (the DID alone, without a fragment).
pub fn parse_did_key(did: &str) -> Result<VerifyingKey, CredentialError> {
    let bad = |why: &str| CredentialError::BadVerificationMethod(format!("{did:?}: {why}"));
    let mb = did
        .strip_prefix("did:key:")
        .ok_or_else(|| bad("not a did:key"))?;
    let b58 = mb
        .strip_prefix('z')
        .ok_or_else(|| bad("the key is not base58btc multibase (z…)"))?;
    let bytes = bs58::decode(b58)
        .into_vec()
        .map_err(|_| bad("the key is not valid base58"))?;
    let key = bytes
        .strip_prefix(&ED25519_PUB[..])
        .ok_or_else(|| bad("the key is not an Ed25519 public key"))?;
    let key: [u8; 32] = key
        .try_into()
        .map_err(|_| bad("an Ed25519 public key has 32 bytes"))?;
    VerifyingKey::from_bytes(&key).map_err(|_| bad("not a valid Ed25519 point"))
}

/// The key named by a verification method `did:key:z…#z…`, whose fragment must repeat the key.
pub fn parse_verification_method(vm: &str) -> Result<(String, VerifyingKey), CredentialError> {
    let (did, fragment) = vm.split_once('#').ok_or_else(|| {
        CredentialError::BadVerificationMethod(format!(
            "{vm:?}: expected did:key:z…#z… with the key as the fragment"
        ))
    })?;
    if did.strip_prefix("did:key:") != Some(fragment) {
        return Err(CredentialError::BadVerificationMethod(format!(
            "{vm:?}: the fragment must repeat the did:key's key"
        )));
    }
    Ok((did.to_string(), parse_did_key(did)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_key_matches_digital_bazaars_ed25519_multikey() {
        // Computed with @digitalbazaar/ed25519-multikey 1.3.1: generate({seed: 32 bytes of 7}).
        let key = ed25519_dalek::SigningKey::from_bytes(&[7; 32]).verifying_key();
        assert_eq!(
            hex::encode(key.as_bytes()),
            "ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c"
        );
        let mb = "z6MkvDqGT54cXesYGvABpF1UapVNwjCqRcafi4Px6Thv5T3Z";
        assert_eq!(did_key(&key), format!("did:key:{mb}"));
        assert_eq!(verification_method(&key), format!("did:key:{mb}#{mb}"));
        assert_eq!(parse_did_key(&did_key(&key)).unwrap(), key);
        assert_eq!(
            parse_verification_method(&verification_method(&key)).unwrap(),
            (did_key(&key), key)
        );
    }

    #[test]
    fn refuses_what_is_not_an_ed25519_did_key() {
        assert!(parse_did_key("did:web:example.org").is_err());
        assert!(parse_did_key("did:key:6MkvDqGT54cXesYGvABpF1UapVNwjCqRcafi4Px6Thv5T3Z").is_err());
        // a P-256 did:key (multicodec 0x1200)
        assert!(
            parse_did_key("did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169").is_err()
        );
        let did = "did:key:z6MkvDqGT54cXesYGvABpF1UapVNwjCqRcafi4Px6Thv5T3Z";
        assert!(parse_verification_method(did).is_err());
        assert!(parse_verification_method(&format!("{did}#key-1")).is_err());
    }
}
