// The Statement screen against the real CLI: issuing with the passphrase (a wrong one said in the
// user's language, the form kept), the signed PDF's pages drawn by pdf.js under the app's CSP,
// save-as with the offered name, reissue (the old one superseded), revoke with a reason and a
// confirmation (the reason shown as text), and the empty states that say what to do next.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { caseSetup } from './cases-fixture.mjs';
import { scratchDir } from './fixtures.mjs';
import { ARTIFACTS, axeProblems, chooseLanguage, LABELS, LANGS, openPage, ready, screenshot, startBrowser, visibleText } from './harness.mjs';
import { cli, DEMO_PASSPHRASE, decidedWithKeys, demo, makeStatementBackend, PASSPHRASE } from './statement-fixture.mjs';

const HOSTILE_REASON = '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> Väärä henkilö';

/** Opens the statement screen of `caseId` on `backend` and waits for it. */
async function openStatement(browser, backend, caseId, opts) {
  const page = await openPage(browser, backend, `/cases/${caseId}/statement`, opts);
  backend.page = page;
  await ready(page);
  await page.locator('#statements-heading').waitFor();
  return page;
}

/** Waits until the preview has drawn `n` page(s) and returns whether the first one has ink on it. */
async function previewDrawn(page, n = 1) {
  await page.locator('.sheet canvas').nth(n - 1).waitFor({ state: 'attached', timeout: 20_000 });
  return page.evaluate(() => {
    const c = document.querySelector('.sheet canvas');
    const ctx = c.getContext('2d');
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] < 128 && data[i + 1] < 128 && data[i + 2] < 128) dark++;
    return { width: c.width, height: c.height, dark };
  });
}

describe('the Statement screen', () => {
  let browser;

  before(async () => {
    browser = await startBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  it('refuses a wrong passphrase in the user language and keeps the form; the right one issues, previews and saves', async () => {
    const s = decidedWithKeys('st-issue');
    const saved = join(scratchDir('saved'), 'tallennettu.pdf');
    const backend = makeStatementBackend({ data: s.data, saveAs: (kind) => (kind === 'statement' ? saved : null) });
    const page = await openStatement(browser, backend, s.caseId);

    assert.match(await visibleText(page), /Lausuntoa ei ole vielä annettu/);
    assert.match(await page.locator('.empty-preview').innerText(), /näkyvät tässä, kun lausunto on annettu/);
    await page.getByLabel('Paikkakunta').fill('Jyväskylä');
    await page.getByLabel('Organisaation avainten tunnuslause').fill('väärä tunnuslause');
    await page.getByRole('button', { name: 'Allekirjoita ja anna lausunto' }).click();

    const alert = page.locator('#issue-error [role=alert]');
    await alert.waitFor();
    assert.match(await alert.innerText(), /Tunnuslause on väärä/);
    assert.doesNotMatch(await alert.innerText(), /OSAAVA_PASSPHRASE|wrong passphrase/);
    assert.equal(await page.getByLabel('Paikkakunta').inputValue(), 'Jyväskylä', 'the place is kept');
    assert.equal(await page.getByLabel('Organisaation avainten tunnuslause').inputValue(), 'väärä tunnuslause');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'statement-passphrase', 'the passphrase has the focus');
    assert.equal(await page.getByLabel('Organisaation avainten tunnuslause').getAttribute('aria-invalid'), 'true');
    assert.deepEqual(cli(s.data.dir, ['statement', 'list', s.caseId]), [], 'nothing was issued');
    await screenshot(page, 'statement-wrong-passphrase-fi');

    // The message follows the language.
    await chooseLanguage(page, 'en');
    assert.match(await alert.innerText(), /The passphrase is wrong/);
    await chooseLanguage(page, 'fi');

    await page.getByLabel('Organisaation avainten tunnuslause').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Allekirjoita ja anna lausunto' }).click();
    await page.getByText('Lausunto on annettu ja allekirjoitettu').waitFor();
    const [issued] = cli(s.data.dir, ['statement', 'list', s.caseId]);
    assert.ok(issued, 'the statement was issued');
    assert.equal(issued.decision, 'partially-recognised');
    assert.equal(await page.getByLabel('Organisaation avainten tunnuslause').count(), 0, 'the form is closed, the passphrase gone');

    const drawn = await previewDrawn(page);
    assert.ok(drawn.width > 400 && drawn.height > drawn.width, `an A4 page: ${JSON.stringify(drawn)}`);
    assert.ok(drawn.dark > 2000, `pdf.js drew text on the page: ${JSON.stringify(drawn)}`);
    const label = await page.locator('.sheet').first().getAttribute('aria-label');
    assert.match(label, /^Lausunto: Maija Virtanen, .+, sivu 1\/\d$/);
    assert.match(await page.locator('.statement').first().innerText(), /voimassa/);
    await screenshot(page, 'statement-issued-fi');

    // Save as: the dialog offers the statement's own file name; the file is the signed PDF.
    await page.locator('.in-force').getByRole('button', { name: 'Tallenna nimellä…' }).click();
    await page.locator('.in-force').getByText('Tallennettu: tallennettu.pdf').waitFor();
    assert.deepEqual(backend.state.offered, [issued.file_name]);
    assert.match(issued.file_name, /^lausunto-maija-virtanen-.+\.pdf$/);
    assert.ok(existsSync(saved));
    assert.equal(readFileSync(saved).subarray(0, 5).toString(), '%PDF-');
    const report = cli(s.data.dir, ['verify', saved], { allow: [0, 1] });
    assert.equal(report.verdict, 'valid', JSON.stringify(report.problems));
    await page.assertClean();
    await page.close();
  });

  it('reissues (the old one superseded) and revokes with a reason after a confirmation, the reason shown as text', async () => {
    const d = demo('st-reissue');
    const backend = makeStatementBackend({ data: d.data });
    const page = await openStatement(browser, backend, d.caseId);
    await previewDrawn(page);

    await page.getByRole('button', { name: 'Anna uudelleen…' }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'statement-passphrase');
    assert.match(await visibleText(page), /Uusi lausunto korvaa nykyisen/);
    await page.keyboard.type(DEMO_PASSPHRASE);
    await page.keyboard.press('Enter');
    await page.getByText('Lausunto on annettu ja allekirjoitettu').waitFor();
    const items = page.locator('li.statement');
    await items.nth(1).waitFor();
    assert.match(await items.nth(0).innerText(), /^Lausunto 2 · [\s\S]*voimassa[\s\S]*Korvaa lausunnon 1\./);
    assert.match(await items.nth(1).innerText(), /^Lausunto 1 · [\s\S]*korvattu[\s\S]*Korvattu lausunnolla 2\./);

    // Revoke the new one: a reason is needed, then a confirmation.
    await items.nth(0).getByRole('button', { name: 'Peruuta lausunto…' }).click();
    const reason = page.getByLabel('Peruutuksen syy');
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'TEXTAREA', 'the reason has the focus');
    assert.ok(await page.getByRole('button', { name: 'Peruuta lausunto', exact: true }).isDisabled(), 'no revoking without a reason');
    await reason.fill(HOSTILE_REASON);
    await page.getByRole('button', { name: 'Peruuta lausunto', exact: true }).click();
    assert.match(await page.locator('.revoke [role=alert]').innerText(), /^Peruutetaanko lausunto 2\? Peruutusta ei voi perua/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'revoke-yes', 'the confirmation has the focus');
    const [before] = cli(d.data.dir, ['statement', 'list', d.caseId]);
    assert.equal(before.revoked, null, 'nothing revoked before the confirmation');
    await screenshot(page, 'statement-revoke-confirm-fi');
    await page.keyboard.press('Enter');
    await page.getByText('Lausunto on peruutettu.').waitFor();

    const [revoked] = cli(d.data.dir, ['statement', 'list', d.caseId]);
    assert.equal(revoked.revoked?.reason, HOSTILE_REASON);
    const first = items.nth(0);
    assert.match(await first.innerText(), /peruutettu/);
    assert.equal(await first.locator('.reason .user-text').innerText(), HOSTILE_REASON, 'the reason as typed, as text');
    assert.equal(await page.locator('li.statement img, li.statement script').count(), 0, 'no element from the reason');
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await first.getByRole('button', { name: 'Peruuta lausunto…' }).count(), 0, 'a revoked statement cannot be revoked again');
    // No statement is in force now: the form to issue a new one is offered.
    assert.match(await page.locator('#issue-heading').innerText(), /Anna lausunto/);
    await screenshot(page, 'statement-revoked-fi');
    await page.assertClean();
    await page.close();
  });

  it('says what to do next when the case is not decided, or the organisation has no keys', async () => {
    const open = caseSetup('st-open');
    let backend = makeStatementBackend({ data: open.data });
    let page = await openStatement(browser, backend, open.caseId);
    assert.match(await visibleText(page), /Päätöstä ei ole vielä tehty/);
    await page.getByRole('link', { name: 'Siirry vertailuun ja päätökseen' }).click();
    await page.waitForURL(`**/cases/${open.caseId}`);
    await page.close();

    const nokeys = decidedWithKeys('st-nokeys');
    // A decided case on a data dir without keys: a second data dir with the same case is not
    // possible through the CLI, so the keys are hidden from the screen instead.
    backend = makeStatementBackend({ data: nokeys.data });
    const inner = backend.handle;
    backend.handle = (cmd, args) =>
      cmd === 'keys_settings' ? { ok: true, value: { keys: { mode: 'none', assessors: [] } } } : inner(cmd, args);
    page = await openStatement(browser, backend, nokeys.caseId);
    assert.match(await visibleText(page), /Allekirjoitusavaimia ei vielä ole/);
    assert.equal(await page.getByLabel('Organisaation avainten tunnuslause').count(), 0);
    const link = page.getByRole('link', { name: 'Avaa avainasetukset' });
    assert.equal(await link.getAttribute('href'), '/settings#keys');
    await screenshot(page, 'statement-no-keys-fi');
    await page.assertClean();
    await page.close();
  });

  it('is reached from the case tabs and by keyboard alone: tabs, form fields in order, issue with Enter', async () => {
    const s = decidedWithKeys('st-keyboard');
    const backend = makeStatementBackend({ data: s.data });
    const page = await openPage(browser, backend, `/cases/${s.caseId}`);
    backend.page = page;
    await ready(page);
    const tab = page.getByRole('navigation', { name: 'Arvioinnin osat' }).getByRole('link', { name: '4. Lausunto' });
    await tab.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/cases/${s.caseId}/statement`);
    await page.locator('#issue-heading').waitFor();
    assert.equal(await page.locator('nav.tabs a[aria-current=page]').innerText(), '4. Lausunto');

    // From the current tab, Tab walks the form in reading order.
    await page.locator('nav.tabs a[aria-current=page]').focus();
    const next = async () => {
      await page.keyboard.press('Tab');
      return page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent?.trim());
    };
    assert.equal(await next(), 'statement-language');
    assert.equal(await next(), 'statement-place');
    await page.keyboard.type('Vaasa');
    assert.equal(await next(), 'statement-passphrase');
    await page.keyboard.type(PASSPHRASE);
    assert.equal(await next(), 'Allekirjoita ja anna lausunto', 'the submit button after the passphrase');
    await page.keyboard.press('Enter');
    await page.getByText('Lausunto on annettu ja allekirjoitettu').waitFor();
    await page.assertClean();
    await page.close();
  });

  for (const lang of LANGS) {
    it(`has no serious or critical axe violations in ${LABELS[lang]}, with statements and the preview`, async () => {
      const d = demo(`st-a11y-${lang}`);
      // One superseded, one revoked and one in force.
      const [first] = cli(d.data.dir, ['statement', 'list', d.caseId]);
      const issue = () => cli(d.data.dir, ['statement', 'issue', d.caseId, '--out', join(scratchDir('a11y'), 'x.pdf')], { env: { OSAAVA_PASSPHRASE: DEMO_PASSPHRASE } });
      const second = issue().statement;
      cli(d.data.dir, ['statement', 'revoke', second.id, '--reason', 'Väärä tutkinnon osa / fel examensdel / wrong unit']);
      issue();
      void first;
      const backend = makeStatementBackend({ data: d.data, language: lang });
      const page = await openStatement(browser, backend, d.caseId);
      await previewDrawn(page);
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
      assert.equal(await page.locator('li.statement').count(), 3);
      await screenshot(page, `statement-${lang}`);
      assert.deepEqual(await axeProblems(page), []);
      await page.assertClean();
      await page.close();
    });
  }

  it('draws the preview for the device pixel ratio (2 here), one canvas pixel per screen pixel, and again when the space narrows', async () => {
    const d = demo('st-dpr');
    const backend = makeStatementBackend({ data: d.data });
    const page = await openStatement(browser, backend, d.caseId);
    await previewDrawn(page);
    /** Each page's canvas: its pixels and the CSS size it is shown at. */
    const canvases = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('.sheet canvas')].map((c) => {
          const r = c.getBoundingClientRect();
          const sheet = c.parentElement.getBoundingClientRect();
          return { width: c.width, height: c.height, cssWidth: r.width, cssHeight: r.height, sheetWidth: sheet.width, dpr: window.devicePixelRatio };
        }),
      );
    const sharp = (list, dpr) =>
      list.length > 0 &&
      list.every((c) => c.dpr === dpr && Math.abs(c.width - c.cssWidth * dpr) <= 0.5 && Math.abs(c.height - c.cssHeight * dpr) <= 1);
    /** Waits until every canvas is drawn for `dpr`; returns them (or fails showing what is there). */
    async function drawnFor(dpr, what, extra = () => true) {
      let list = [];
      const end = Date.now() + 15_000;
      while (Date.now() < end) {
        list = await canvases();
        if (sharp(list, dpr) && extra(list)) return list;
        await page.waitForTimeout(100);
      }
      assert.fail(`${what}: ${JSON.stringify(list)}`);
    }

    // At ratio 1 the canvas is its CSS size; the sheet is the canvas and its 1 px border.
    let [one] = await drawnFor(1, 'drawn at ratio 1');
    assert.equal(one.sheetWidth, one.cssWidth + 2, 'the canvas fills its sheet, not squeezed into it');

    // The window moves to a screen of ratio 2 (Chromium's device emulation; it tells the page of
    // the new ratio only with a change of the window's size, here its height): drawn again, twice
    // the pixels at the same CSS size.
    const cdp = await page.context().newCDPSession(page);
    const emulate = (width, height = 820) => cdp.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 2, mobile: false });
    await emulate(1280);
    let [two] = await drawnFor(2, 'drawn again at ratio 2');
    assert.ok(Math.abs(two.cssWidth - one.cssWidth) <= 1, `the CSS size stays: ${one.cssWidth} → ${two.cssWidth}`);
    assert.ok(two.width >= 2 * one.width - 2, `twice the pixels: ${one.width} → ${two.width}`);
    await screenshot(page, 'statement-preview-dpr2-fi');
    // The top of the first page in screen pixels, to look at the sharpness of the text.
    const box = await page.locator('.sheet').first().boundingBox();
    const shot = await cdp.send('Page.captureScreenshot', {
      format: 'png',
      captureBeyondViewport: true,
      clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, 420), scale: 1 },
    });
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'statement-preview-dpr2-crop-fi.png'), Buffer.from(shot.data, 'base64'));

    // A narrower window: the page is drawn again for the new width, still at ratio 2.
    await emulate(1100);
    const [narrow] = await drawnFor(2, 'drawn again for the narrower space', ([c]) => c.cssWidth < two.cssWidth - 20);
    assert.equal(narrow.sheetWidth, narrow.cssWidth + 2);
    assert.deepEqual(
      await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })).then(({ scroll, client }) => scroll <= client),
      true,
      'no sideways scrolling',
    );
    await screenshot(page, 'statement-preview-dpr2-narrow-fi');
    await cdp.send('Emulation.clearDeviceMetricsOverride');
    await cdp.detach();
    await page.assertClean();
    await page.close();
  });

  it('fits a 900 px wide window in Finnish without sideways scrolling', async () => {
    const d = demo('st-narrow');
    const backend = makeStatementBackend({ data: d.data });
    const page = await openStatement(browser, backend, d.caseId, { width: 900, height: 800 });
    await previewDrawn(page);
    const { scroll, client } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    assert.ok(scroll <= client, `scrollWidth ${scroll} > ${client}`);
    await screenshot(page, 'statement-900-fi');
    await page.close();
  });
});
