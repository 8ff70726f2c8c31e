// A tiny static server for ui/build, standing in for Tauri's asset protocol:
// - serves files from ui/build, and index.html for every other path (the SPA fallback);
// - sends the desktop app's Content-Security-Policy (from src-tauri/tauri.conf.json), with the
//   SHA-256 hashes of the inline scripts in index.html added to script-src, as Tauri does at
//   build time. So the browser tests run the UI under the same CSP as the desktop app.
// Listens on 127.0.0.1 on a random port.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const UI_DIR = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const REPO_DIR = resolve(UI_DIR, '..');
export const BUILD_DIR = join(UI_DIR, 'build');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  // pdf.js's worker; Tauri's asset protocol serves .mjs as text/javascript too.
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The CSP the desktop app declares, as directive → sources. */
export function tauriCsp() {
  const conf = join(REPO_DIR, 'src-tauri', 'tauri.conf.json');
  const csp = JSON.parse(readFileSync(conf, 'utf8'))?.app?.security?.csp;
  if (!csp) throw new Error(`${conf} declares no app.security.csp`);
  if (typeof csp === 'string') {
    return Object.fromEntries(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((d) => d[0])
        .map(([name, ...sources]) => [name, sources.join(' ')]),
    );
  }
  return { ...csp };
}

/** SHA-256 hashes, CSP style, of the inline <script> elements of an HTML page. */
export function inlineScriptHashes(html) {
  const hashes = [];
  for (const [, attrs, body] of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/.test(attrs)) continue;
    hashes.push(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  }
  return hashes;
}

/** The CSP header for index.html: Tauri's policy plus the inline script hashes. */
export function cspHeader(html, { hashInlineScripts = true } = {}) {
  const csp = tauriCsp();
  const hashes = hashInlineScripts ? inlineScriptHashes(html) : [];
  if (hashes.length) csp['script-src'] = [csp['script-src'] ?? "'self'", ...hashes].join(' ');
  return Object.entries(csp)
    .map(([name, sources]) => `${name} ${sources}`.trim())
    .join('; ');
}

/**
 * Starts the server. Returns { url, csp, close() }. `url` has no trailing slash.
 * `hashInlineScripts: false` leaves the inline script hashes out of the CSP (what a webview
 * without Tauri's build-time hashing would enforce).
 */
export async function startServer({ root = BUILD_DIR, hashInlineScripts = true } = {}) {
  const indexFile = join(root, 'index.html');
  if (!existsSync(indexFile)) {
    throw new Error(`${indexFile} is missing: build the UI first (npm --prefix ui run build)`);
  }
  const indexHtml = readFileSync(indexFile, 'utf8');
  const csp = cspHeader(indexHtml, { hashInlineScripts });

  const server = createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      path = '/';
    }
    const file = normalize(join(root, path));
    const inside = file === root || file.startsWith(root + sep);
    let body;
    let type;
    if (inside && existsSync(file) && statSync(file).isFile() && !file.endsWith(`${sep}index.html`)) {
      body = readFileSync(file);
      type = TYPES[extname(file)] ?? 'application/octet-stream';
    } else if (!path.startsWith('/_app/')) {
      // Any other path is a route of the app (/badges, /badges/ID, /settings): the SPA fallback.
      body = indexHtml;
      type = TYPES['.html'];
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const headers = { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    if (type === TYPES['.html']) headers['content-security-policy'] = csp;
    res.writeHead(200, headers).end(body);
  });

  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    csp,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}
