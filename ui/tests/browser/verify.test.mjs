// The Verify screen against the real CLI (`osaava verify --json` on real signed statements): many
// files chosen at once or dropped on the window, a result per file as it is ready (valid and
// trusted: person, badge, units with points, signer and date; otherwise the reason in the user's
// language), stopping a long run, the trusted organisations managed here, hostile file names
// shown as text, axe-core and the keyboard. Revocation lists: imported through the dialog or
// dropped with the PDFs (told by content), refused with the reason when changed, untrusted or
// older than the one kept, shown with their date, count and age, used by verification (the result
// names the list and its date, or says no list is known), removed after a confirmation.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fresh, scratchDir } from './fixtures.mjs';
import { axeProblems, dropFiles, LABELS, LANGS, norm, openPage, ready, screenshot, startBrowser, visibleText } from './harness.mjs';
import { revocationList, tamperedList, withRevocations } from './revocation-fixture.mjs';
import { cli, copyAs, DEMO_PASSPHRASE, demo, makeStatementBackend, tampered } from './statement-fixture.mjs';

const HOSTILE_FILE = '<img src=x onerror="window.__pwned=1">.pdf';

/** A college's own data dir (no keys of its own, nobody trusted yet) and the demo's files. */
function college(name) {
  const d = demo(`${name}-issuer`);
  const data = fresh(`${name}-college`);
  data.list(); // creates and seeds the data dir
  const notPdf = join(scratchDir('notpdf'), 'kuitti.pdf');
  writeFileSync(notPdf, 'Tämä ei ole PDF.\n');
  return { d, data, notPdf, tampered: tampered(d.pdf, 'lausunto-muutettu.pdf'), hostile: copyAs(d.pdf, HOSTILE_FILE) };
}

/** Opens Verify with revocation lists answered too: the screen loads them whatever a test is about. */
async function openVerify(browser, backend, opts) {
  if (!backend.revocations) withRevocations(backend);
  const page = await openPage(browser, backend, '/verify', opts);
  backend.page = page;
  await ready(page);
  await page.locator('#trusted-heading').waitFor();
  assert.equal(await page.locator('.notice.error').count(), 0, 'Verify opens without an error');
  return page;
}

/** Waits until `n` results have a verdict and returns their texts. */
async function results(page, n) {
  await page.waitForFunction(
    (n) => document.querySelectorAll('.result').length === n && !document.querySelector('.result.pending'),
    n,
    { timeout: 30_000 },
  );
  return page.locator('.result').allInnerTexts();
}

describe('the Verify screen', () => {
  let browser;

  before(async () => {
    browser = await startBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  it('checks many chosen files: untrusted until the organisation is trusted here, then valid with who, what and who signed', async () => {
    const c = college('vf-many');
    const picks = [c.d.pdf, c.tampered, c.notPdf];
    const backend = makeStatementBackend({ data: c.data, pickPdfs: () => picks, pickCerts: () => [c.d.ca] });
    const page = await openVerify(browser, backend);
    assert.match(await visibleText(page), /Ei vielä tarkistettuja tiedostoja/);
    assert.match(await page.locator('.trusted').innerText(), /Muita organisaatioita ei ole vielä lisätty/);

    await page.getByRole('button', { name: 'Valitse tiedostot…' }).click();
    let texts = await results(page, 3);
    assert.match(texts[0], /^statement\.pdf\s+Ei kelvollinen/);
    assert.match(texts[0], /ei johda luotettuun varmentajaan/, 'untrusted, said in Finnish');
    assert.match(texts[0], /Kun sinulla on varmenne, lisää se tämän sivun lopussa/);
    assert.doesNotMatch(texts[1], /Kun sinulla on varmenne/, 'trusting does not fix a changed file');
    assert.match(texts[0], /Tiedoston mukaan \(ei vahvistettu\)/);
    assert.match(texts[1], /^lausunto-muutettu\.pdf\s+Ei kelvollinen/);
    assert.match(texts[1], /muutettu allekirjoittamisen jälkeen/i);
    assert.match(texts[2], /^kuitti\.pdf\s+Ei luettavissa/);
    assert.match(texts[2], /ei ole luettava PDF-tiedosto/);
    assert.match(await page.locator('.progress').innerText(), /Kelvollisia ja luotettuja 0\/3/);
    await screenshot(page, 'verify-untrusted-fi');

    // Trust the issuer through the dialog; its fingerprint shows for comparing.
    await page.getByRole('button', { name: 'Lisää varmenne…' }).click();
    await page.getByText('Lisätty luotettuihin: Hoivakoti Kielo Oy').waitFor();
    const [trusted] = cli(c.data.dir, ['keys', 'trusted']);
    const row = page.locator('.trusted tbody tr');
    assert.equal(await row.count(), 1);
    assert.equal(await row.locator('.fingerprint').innerText(), trusted.sha256_fingerprint.match(/.{4}/g).join(' '));

    await page.getByRole('button', { name: 'Valitse tiedostot…' }).click();
    await page.waitForFunction(() => document.querySelector('.result')?.classList.contains('valid'), null, { timeout: 30_000 });
    texts = await results(page, 3);
    const valid = texts[0];
    assert.match(valid, /^statement\.pdf\s+Kelvollinen ja luotettu/);
    assert.match(valid, /Henkilö\s+Åsa Mäkelä-Öhman/);
    assert.match(valid, /Osaamismerkki\s+Muistisairaan asiakkaan kohtaaminen/);
    assert.match(valid, /Ikääntyvien osallisuuden edistäminen\s+35 osp/);
    assert.match(valid, /Asiakkaan kohtaaminen ja ohjaaminen\s+20 osp/);
    assert.match(valid, /Yhteensä 55 osp/);
    assert.match(valid, /Allekirjoittaja\s+Sirkka Väänänen, Hoivakoti Kielo Oy/);
    assert.match(valid, /Allekirjoitettu\s+\d{1,2}\.\d{1,2}\.\d{4}/);
    assert.match(valid, /kriteereistä täyttyi 5\/6/);
    assert.match(texts[1], /Ei kelvollinen/, 'the tampered copy stays invalid when trusted');
    assert.match(await page.locator('.progress').innerText(), /Kelvollisia ja luotettuja 1\/3/);
    await screenshot(page, 'verify-fi');
    await page.assertClean();
    await page.close();
  });

  it('checks files dropped on the window (paths stay with the back end) and shows hostile file names as text', async () => {
    const c = college('vf-drop');
    cli(c.data.dir, ['keys', 'trust', c.d.ca]);
    const backend = makeStatementBackend({ data: c.data });
    const page = await openVerify(browser, backend);
    const drop = await dropFiles(page, backend, [c.hostile, c.d.pdf]);
    const texts = await results(page, 2);
    const call = backend.called('verify_dropped')[0];
    assert.equal(call.args.drop, drop, 'the page names the drop, not the files');
    assert.equal(JSON.stringify(call.args).includes('/'), false, 'no path went from the page');
    assert.equal(await page.locator('.result h3').first().innerText(), HOSTILE_FILE);
    assert.match(texts[0], /Kelvollinen ja luotettu/);
    assert.equal(await page.locator('.result img').count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator('main .notice.info').count(), 0, 'the drop was taken here, not called stray');
    await page.assertClean();
    await page.close();
  });

  it('stops a long run when asked: the files not reached are not checked', async () => {
    const c = college('vf-stop');
    const files = Array.from({ length: 5 }, (_, i) => copyAs(c.d.pdf, `lausunto-${i + 1}.pdf`));
    let release;
    const held = new Promise((r) => (release = r));
    const backend = makeStatementBackend({
      data: c.data,
      pickPdfs: () => files,
      // The back end holds after the first file until the page asks it to stop.
      afterEachFile: async (i, state) => {
        if (i === 0) await Promise.race([held, new Promise((r) => setTimeout(r, 10_000))]);
        void state;
      },
    });
    const page = await openVerify(browser, backend);
    await page.getByRole('button', { name: 'Valitse tiedostot…' }).click();
    await page.locator('#verify-progress').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.result:not(.pending)').length === 1);
    assert.match(await page.locator('.progress').innerText(), /Tarkistettu 1\/5/);
    assert.equal(await page.locator('.result.pending').count(), 4, 'the others wait');
    assert.ok(await page.getByRole('button', { name: 'Valitse tiedostot…' }).isDisabled(), 'one run at a time');
    await screenshot(page, 'verify-running-fi');
    // Files dropped meanwhile are not taken, and the clerk is told so.
    await dropFiles(page, backend, [c.d.pdf]);
    await page.getByText('Tarkistus on jo käynnissä').waitFor();
    assert.equal(backend.called('verify_dropped').length, 0);
    await page.getByRole('button', { name: 'Keskeytä' }).click();
    while (!backend.called('cancel_verify').length) await new Promise((r) => setTimeout(r, 50));
    release();
    await page.getByText('Keskeytetty: 1/5 tiedostoa tarkistettiin').waitFor();
    const job = backend.called('verify_dialog')[0].args.job;
    assert.deepEqual(backend.called('cancel_verify').map((c) => c.args.job), [job], 'the running job was stopped');
    assert.equal(await page.locator('.result').count(), 1, 'only the checked file is listed');
    await page.assertClean();
    await page.close();
  });

  it('removes a trusted organisation only after a confirmation, and keeps results across screens', async () => {
    const c = college('vf-untrust');
    cli(c.data.dir, ['keys', 'trust', c.d.ca]);
    const backend = makeStatementBackend({ data: c.data, pickPdfs: () => [c.d.pdf] });
    const page = await openVerify(browser, backend);
    await page.getByRole('button', { name: 'Valitse tiedostot…' }).click();
    await results(page, 1);

    const remove = page.getByRole('button', { name: 'Poista luottamus: Hoivakoti Kielo Oy' });
    await remove.click();
    assert.match(await page.locator('.trusted [role=alert]').innerText(), /Lopetetaanko luottamus organisaatioon Hoivakoti Kielo Oy/);
    await page.waitForFunction(() => document.activeElement?.id === 'untrust-yes');
    await screenshot(page, 'verify-untrust-confirm-fi');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // Cancel
    assert.equal(cli(c.data.dir, ['keys', 'trusted']).length, 1, 'cancel keeps the trust');
    await page.waitForFunction(() => document.activeElement?.id?.startsWith('untrust-') && document.activeElement.id !== 'untrust-yes');

    await remove.click();
    await page.getByRole('button', { name: 'Kyllä, poista' }).click();
    await page.getByText('Hoivakoti Kielo Oy ei ole enää luotettu.').waitFor();
    assert.deepEqual(cli(c.data.dir, ['keys', 'trusted']), []);
    assert.match(await page.locator('.trusted').innerText(), /Muita organisaatioita ei ole vielä lisätty/);

    // The results stay when the clerk goes elsewhere and comes back.
    await page.getByRole('link', { name: 'Asetukset' }).click();
    await page.waitForURL('**/settings');
    await page.getByRole('link', { name: 'Lausuntojen tarkistus' }).click();
    await page.waitForURL('**/verify');
    assert.match(await page.locator('.result').first().innerText(), /statement\.pdf\s+Kelvollinen ja luotettu/);
    await page.assertClean();
    await page.close();
  });

  it('works by keyboard alone: choose files, read the results, add a certificate', async () => {
    const c = college('vf-keys');
    const backend = makeStatementBackend({ data: c.data, pickPdfs: () => [c.d.pdf], pickCerts: () => [c.d.ca] });
    const page = await openVerify(browser, backend);
    const tabUntil = async (name, max = 40) => {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        const text = await page.evaluate(() => document.activeElement?.textContent?.trim());
        if (text === name) return;
      }
      assert.fail(`Tab never reached ${name}`);
    };
    await tabUntil('Valitse tiedostot…');
    await page.keyboard.press('Enter');
    await results(page, 1);
    await tabUntil('Lisää varmenne…');
    await page.keyboard.press('Enter');
    await page.getByText('Lisätty luotettuihin: Hoivakoti Kielo Oy').waitFor();
    assert.equal(cli(c.data.dir, ['keys', 'trusted']).length, 1);
    await page.assertClean();
    await page.close();
  });

  for (const lang of LANGS) {
    it(`has no serious or critical axe violations in ${LABELS[lang]}, with every kind of result`, async () => {
      const c = college(`vf-a11y-${lang}`);
      cli(c.data.dir, ['keys', 'trust', c.d.ca]);
      const backend = makeStatementBackend({ data: c.data, language: lang, pickPdfs: () => [c.d.pdf, c.tampered, c.notPdf] });
      const page = await openVerify(browser, backend);
      await page.locator('.drop .button').click();
      const texts = await results(page, 3);
      const verdicts = { fi: /Kelvollinen ja luotettu/, sv: /Giltigt och betrott/, en: /Valid and trusted/ };
      assert.match(texts[0], verdicts[lang]);
      await page.locator('.technical summary').first().click();
      await screenshot(page, `verify-${lang}`);
      assert.deepEqual(await axeProblems(page), []);
      await page.assertClean();
      await page.close();
    });
  }

  it('fits a 900 px wide window in Swedish without sideways scrolling', async () => {
    const c = college('vf-narrow');
    cli(c.data.dir, ['keys', 'trust', c.d.ca]);
    const backend = makeStatementBackend({ data: c.data, language: 'sv', pickPdfs: () => [c.hostile, c.tampered] });
    const page = await openVerify(browser, backend, { width: 900, height: 800 });
    await page.locator('.drop .button').click();
    await results(page, 2);
    const { scroll, client } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    assert.ok(scroll <= client, `scrollWidth ${scroll} > ${client}`);
    await screenshot(page, 'verify-900-sv');
    await page.close();
  });
});

describe('the Verify screen: revocation lists', () => {
  let browser;

  before(async () => {
    browser = await startBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  /** A college trusting the demo organisation, and the demo statement's id. */
  function trustingCollege(name) {
    const c = college(name);
    cli(c.data.dir, ['keys', 'trust', c.d.ca]);
    const [statement] = cli(c.d.data.dir, ['statement', 'list', c.d.caseId]);
    return { ...c, statementId: statement.id };
  }

  const revoke = (c) => cli(c.d.data.dir, ['statement', 'revoke', c.statementId, '--reason', 'Väärä henkilö']);

  it('says when no list is known, uses an imported list (naming its date), and shows a statement revoked once the newer list is dropped with it', async () => {
    const c = trustingCollege('vr-flow');
    const before = revocationList(c.d.data.dir, DEMO_PASSPHRASE, 'kielo-lista-1.json');
    let picks = [before];
    const backend = withRevocations(makeStatementBackend({ data: c.data, pickPdfs: () => [c.d.pdf] }), { pickLists: () => picks });
    const page = await openVerify(browser, backend);
    const section = page.locator('section.revocations');
    assert.match(await section.innerText(), /Sulkulistoja ei ole vielä tuotu/);

    // Trusted, no list: valid, and the clerk is told to ask for the list.
    await page.getByRole('button', { name: 'Valitse tiedostot…' }).click();
    let [text] = await results(page, 1);
    assert.match(text, /^statement\.pdf\s+Kelvollinen ja luotettu/);
    assert.match(text, /Peruutukset\s+Ei tarkistettu: tältä organisaatiolta ei ole sulkulistaa\. Pyydä organisaatiolta sen sulkulista/);
    await screenshot(page, 'verify-revocation-no-list-fi');

    // The list through the dialog: shown with its organisation, date, count and age.
    await page.getByRole('button', { name: 'Tuo sulkulista…' }).click();
    await page.getByText(/^Tuotu: Hoivakoti Kielo Oy, päivätty \d{1,2}\.\d{1,2}\.\d{4}$/).waitFor();
    let row = section.locator('tbody tr');
    assert.equal(await row.count(), 1);
    assert.match(norm(await row.innerText()), /^Hoivakoti Kielo Oy \(0112038-9\) \d{1,2}\.\d{1,2}\.\d{4} 0 peruttu, 0 korvattu tänään/);
    assert.equal(cli(c.data.dir, ['keys', 'revocation-lists']).length, 1, 'kept in the data dir');
    await page.getByRole('button', { name: 'Valitse tiedostot…' }).click();
    await page.waitForFunction(() => /sulkulistasta/.test(document.querySelector('.result')?.textContent ?? ''));
    [text] = await results(page, 1);
    assert.match(text, /Kelvollinen ja luotettu/);
    assert.match(text, /Peruutukset\s+Tarkistettu organisaation sulkulistasta, päivätty \d{1,2}\.\d{1,2}\.\d{4} \(tänään\)/);

    // The organisation revokes it; its new list, named like a PDF, is dropped with the statement.
    revoke(c);
    const after = copyAs(revocationList(c.d.data.dir, DEMO_PASSPHRASE, 'uusi.json'), 'sulkulista-kielo.pdf');
    await dropFiles(page, backend, [c.d.pdf, after]);
    await page.getByText(/^Korvattu uudemmalla: Hoivakoti Kielo Oy/).waitFor();
    await page.waitForFunction(() => document.querySelector('.result')?.classList.contains('invalid'), null, { timeout: 30_000 });
    const texts = await results(page, 1);
    assert.equal(texts.length, 1, 'the list was not verified as a PDF');
    assert.match(texts[0], /^statement\.pdf\s+Ei kelvollinen/);
    assert.match(texts[0], /Myöntäjä on peruuttanut tämän lausunnon\. Syy: Väärä henkilö/);
    assert.match(texts[0], /Tarkistettu organisaation sulkulistasta, päivätty/);
    assert.match(norm(await row.innerText()), /1 peruttu, 0 korvattu/);
    await screenshot(page, 'verify-revocation-revoked-fi');

    // The older list again: refused, the newer one kept.
    picks = [before];
    await page.getByRole('button', { name: 'Tuo sulkulista…' }).click();
    await page.getByText('Sulkulistaa kielo-lista-1.json ei tuotu').waitFor();
    assert.match(await section.locator('[role=alert]').innerText(), /vanhempi kuin organisaatiolta jo tuotu lista/);
    assert.match(norm(await row.innerText()), /1 peruttu/);
    assert.equal(cli(c.data.dir, ['keys', 'revocation-lists'])[0].revoked, 1);
    await page.assertClean();
    await page.close();
  });

  it('refuses a changed list and one from an organisation not trusted here, saying why, and keeps nothing', async () => {
    const c = trustingCollege('vr-refuse');
    revoke(c);
    const good = revocationList(c.d.data.dir, DEMO_PASSPHRASE);
    const changed = tamperedList(good, 'muutettu.json');
    const stranger = demo('vr-refuse-other');
    const other = revocationList(stranger.data.dir, DEMO_PASSPHRASE, 'vieras.json');
    const backend = withRevocations(makeStatementBackend({ data: c.data }), { pickLists: () => [changed, other] });
    const page = await openVerify(browser, backend);
    await page.getByRole('button', { name: 'Tuo sulkulista…' }).click();
    const section = page.locator('section.revocations');
    await page.getByText('Sulkulistaa vieras.json ei tuotu').waitFor();
    const alerts = await section.locator('[role=alert]').allInnerTexts();
    assert.equal(alerts.length, 2);
    assert.match(alerts[0], /Sulkulistaa muutettu\.json ei tuotu\s+Listaa on muutettu allekirjoittamisen jälkeen/);
    assert.match(alerts[1], /Listaa ei ole allekirjoittanut luotettu organisaatio\. Lisää ensin organisaation varmenne/);
    assert.match(await section.innerText(), /Sulkulistoja ei ole vielä tuotu/);
    assert.deepEqual(cli(c.data.dir, ['keys', 'revocation-lists']), [], 'nothing kept');
    await screenshot(page, 'verify-revocation-refused-fi');
    await page.assertClean();
    await page.close();
  });

  it('by keyboard alone: imports a list and removes it after a confirmation', async () => {
    const c = trustingCollege('vr-keys');
    const list = revocationList(c.d.data.dir, DEMO_PASSPHRASE);
    const backend = withRevocations(makeStatementBackend({ data: c.data }), { pickLists: () => [list] });
    const page = await openVerify(browser, backend);
    const tabUntil = async (test, max = 60) => {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        const [text, label] = await page.evaluate(() => [document.activeElement?.textContent?.trim(), document.activeElement?.getAttribute('aria-label')]);
        if (test(text, label)) return;
      }
      assert.fail('Tab never reached it');
    };
    await tabUntil((t) => t === 'Tuo sulkulista…');
    await page.keyboard.press('Enter');
    await page.getByText(/^Tuotu: Hoivakoti Kielo Oy/).waitFor();
    await page.evaluate(() => document.body.focus());
    await tabUntil((_, label) => label === 'Poista sulkulista: Hoivakoti Kielo Oy');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'unlist-yes');
    assert.match(await page.locator('.revocations [role=alert]').innerText(), /Poistetaanko organisaation Hoivakoti Kielo Oy sulkulista/);
    await page.keyboard.press('Enter');
    await page.getByText('Organisaation Hoivakoti Kielo Oy sulkulista poistettu.').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'import-lists', 'the focus goes back to the import button');
    assert.deepEqual(cli(c.data.dir, ['keys', 'revocation-lists']), []);
    await page.assertClean();
    await page.close();
  });

  for (const lang of LANGS) {
    it(`has no serious or critical axe violations in ${LABELS[lang]} with lists, a refusal and a checked result`, async () => {
      const c = trustingCollege(`vr-a11y-${lang}`);
      const list = revocationList(c.d.data.dir, DEMO_PASSPHRASE);
      const backend = withRevocations(makeStatementBackend({ data: c.data, language: lang, pickPdfs: () => [c.d.pdf] }), {
        pickLists: () => [list, tamperedList(list)],
      });
      const page = await openVerify(browser, backend);
      await page.locator('#import-lists').click();
      await page.locator('.revocations tbody tr').waitFor();
      await page.locator('.revocations [role=alert]').waitFor();
      await page.locator('.drop .button').click();
      const [text] = await results(page, 1);
      const checked = { fi: /Tarkistettu organisaation sulkulistasta/, sv: /Kontrollerat mot organisationens spärrlista/, en: /Checked against the organisation's revocation list/ };
      assert.match(text, checked[lang]);
      await page.locator('#revocations-heading').scrollIntoViewIfNeeded();
      await screenshot(page, `verify-revocations-${lang}`);
      assert.deepEqual(await axeProblems(page), []);
      await page.assertClean();
      await page.close();
    });
  }
});
