// Badge texts are data, never markup: a badge named with <script> and <img onerror> (imported by
// the real CLI) is shown as literal text. The page runs under the desktop app's CSP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { extra, HOSTILE_ID, HOSTILE_NAME } from './fixtures.mjs';
import { makeBackend, norm, openPage, ready, screenshot, startBrowser, visibleText } from './harness.mjs';
import { tauriCsp } from './server.mjs';

/** Elements the hostile texts would create if they were parsed as HTML. */
const injected = (page) =>
  page.evaluate(() => ({
    scripts: [...document.querySelectorAll('script')].filter((s) => s.textContent.includes('alert(')).length,
    imgs: document.querySelectorAll('img').length,
    iframes: document.querySelectorAll('iframe').length,
    bold: [...document.querySelectorAll('main b, main em, main i')].length,
    javascriptLinks: document.querySelectorAll('a[href^="javascript:"]').length,
    pwned: 'pwned' in window || '__pwned' in window,
  }));

const CLEAN = { scripts: 0, imgs: 0, iframes: 0, bold: 0, javascriptLinks: 0, pwned: false };

describe('hostile badge texts', () => {
  let browser;

  before(async () => {
    browser = await startBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  it('the library shows a badge named <script>…</script> <img onerror=…> as literal text', async () => {
    const data = extra();
    assert.ok(data.list().some((b) => b.name.en === HOSTILE_NAME), 'the CLI imported the hostile badge');
    const page = await openPage(browser, makeBackend({ data }), '/badges');
    await ready(page);
    const link = page.locator(`a.badge-link[href="/badges/${encodeURIComponent(HOSTILE_ID)}"]`);
    await link.waitFor();
    assert.equal(norm(await link.innerText()), norm(HOSTILE_NAME), 'the name, character for character');
    assert.equal(await link.evaluate((a) => a.children.length), 0, 'the link holds text only');
    await page.waitForTimeout(300); // give an injected handler time to fire
    assert.deepEqual(await injected(page), CLEAN);
    await screenshot(page, 'hostile-library');
    await page.assertClean(); // includes: no alert() dialog opened
    await page.close();
  });

  it('the badge page shows the hostile name, description, criterion and issuer as text', async () => {
    const data = extra();
    const page = await openPage(browser, makeBackend({ data }), `/badges/${encodeURIComponent(HOSTILE_ID)}`);
    await ready(page);
    assert.equal(norm(await page.locator('main h1').innerText()), norm(HOSTILE_NAME));
    const text = await visibleText(page);
    for (const literal of [
      'Kuvaus <b>lihavoitu</b> <iframe src="https://example.org"></iframe>',
      'Osaa <i>jotain</i> & <a href="javascript:alert(3)">muuta</a>',
      'Testi <em>Oy</em>',
    ]) {
      assert.ok(text.includes(literal), `shown literally: ${literal}`);
    }
    assert.equal(await page.title(), `${norm(HOSTILE_NAME)} – Osaava`);
    await page.waitForTimeout(300);
    assert.deepEqual(await injected(page), CLEAN);
    await screenshot(page, 'hostile-badge');
    await page.assertClean();
    await page.close();
  });

  it('runs under the desktop app’s CSP, which blocks any inline script but the hashed bootstrap', async () => {
    const csp = tauriCsp();
    assert.ok(!/unsafe-inline|unsafe-eval/.test(csp['script-src'] ?? csp['default-src']), 'the CSP allows no inline or eval scripts');
    const page = await openPage(browser, makeBackend({ data: extra() }), '/badges');
    await ready(page);
    const header = (await page.request.get(page.url())).headers()['content-security-policy'];
    assert.match(header, /script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/, `the test server sends the CSP with the bootstrap's hash: ${header}`);
    assert.deepEqual(await page.evaluate(() => window.__osaava.csp), [], 'the app itself breaks no CSP rule');
    // An inline script added later does not run.
    const ran = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.append(s);
      return window.__inlineRan === true;
    });
    assert.equal(ran, false, 'an injected inline script ran');
    await page.close();
  });

  it('without the bootstrap’s hash in the CSP the app would not start (the CSP is really enforced)', async () => {
    const strict = await startBrowser({ hashInlineScripts: false });
    try {
      const page = await openPage(strict, makeBackend({ data: extra() }), '/badges');
      await page.waitForFunction(() => window.__osaava.csp.length > 0, null, { timeout: 10_000 });
      const reports = await page.evaluate(() => window.__osaava.csp);
      assert.ok(reports.some((r) => r.directive.startsWith('script-src') && r.blocked === 'inline'), JSON.stringify(reports));
      assert.equal(await page.locator('main h1').count(), 0, 'nothing rendered');
      await page.close();
    } finally {
      await strict.close();
    }
  });
});
