// Settings: the organisation and its signing keys, against the real CLI. The organisation is
// entered (a wrong business ID said in the user's language), keys are created with a passphrase
// typed twice (a typing mismatch caught here, the length rule the back end's), a PKCS#12 file is
// imported (a wrong file passphrase said plainly, the file kept for another try), the root
// certificate is exported with the offered name and its fingerprint shown; the organisation's
// signed revocation list is saved with the passphrase (a wrong one said plainly) and a college
// can import it; axe-core in fi/sv/en.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fresh, scratchDir } from './fixtures.mjs';
import { axeProblems, LABELS, LANGS, openPage, ready, screenshot, startBrowser, visibleText } from './harness.mjs';
import { withRevocations } from './revocation-fixture.mjs';
import { cli, DEMO_PASSPHRASE, demo, makeStatementBackend, P12_PASSPHRASE, PASSPHRASE, pkcs12 } from './statement-fixture.mjs';

async function openSettings(browser, backend, path = '/settings') {
  const page = await openPage(browser, backend, path);
  backend.page = page;
  await ready(page);
  await page.locator('#keys').waitFor();
  await page.waitForFunction(() => !document.querySelector('.keys [role=status]')?.textContent?.includes('…'));
  return page;
}

const grouped = (hex) => hex.match(/.{4}/g).join(' ');

describe('Settings: organisation and signing keys', () => {
  let browser;

  before(async () => {
    browser = await startBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  it('sets the organisation, creates keys with a passphrase typed twice, and exports the root certificate', async () => {
    const data = fresh('keys-create');
    data.list();
    const out = join(scratchDir('ca'), 'kielo-ca.pem');
    const backend = makeStatementBackend({ data, saveAs: (kind) => (kind === 'ca' ? out : null) });
    const page = await openSettings(browser, backend);
    const keys = page.locator('section.keys');
    assert.match(await keys.innerText(), /Organisaatiota ei ole vielä annettu/);
    assert.match(await keys.innerText(), /Avaimia ei ole vielä/);
    assert.ok(await keys.getByRole('button', { name: 'Luo avaimet' }).isDisabled(), 'no keys before the organisation');
    await screenshot(page, 'settings-keys-none-fi');

    await page.getByLabel('Organisaation nimi').fill('Hoivakoti Kielo Oy');
    await page.getByLabel('Y-tunnus').fill('0112038-1');
    await page.getByRole('button', { name: 'Tallenna organisaatio' }).click();
    await page.locator('#org-error [role=alert]').waitFor();
    assert.match(await page.locator('#org-error').innerText(), /tarkistusnumero ei täsmää/);
    assert.equal(cli(data.dir, ['org', 'show']), null, 'nothing saved');
    await page.getByLabel('Y-tunnus').fill('0112038-9');
    await page.getByRole('button', { name: 'Tallenna organisaatio' }).click();
    await page.getByText('Organisaatio tallennettu.').waitFor();
    assert.deepEqual(cli(data.dir, ['org', 'show']), { name: 'Hoivakoti Kielo Oy', business_id: '0112038-9' });

    // By keyboard: a mismatch is caught before anything is sent, a short one is the back end's refusal.
    await page.getByLabel('Uusi tunnuslause').focus();
    await page.keyboard.type('lyhyt');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'new-pass-2', 'the second field is next');
    await page.keyboard.type('lyhyx');
    await page.keyboard.press('Enter');
    await page.getByText('Tunnuslauseet eivät ole samat').waitFor();
    assert.equal(backend.called('create_keys').length, 0);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'new-pass-2');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('t');
    await page.keyboard.press('Enter');
    await page.locator('#create-error [role=alert]').waitFor();
    assert.match(await page.locator('#create-error').innerText(), /vähintään 8 merkkiä/);
    assert.equal(cli(data.dir, ['keys', 'show']).mode, 'none');

    await page.getByLabel('Uusi tunnuslause').fill(PASSPHRASE);
    await page.getByLabel('Tunnuslause uudelleen').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Luo avaimet' }).click();
    await page.getByText('Avaimet on luotu').waitFor();
    const shown = cli(data.dir, ['keys', 'show']);
    assert.equal(shown.mode, 'own-ca');
    assert.equal(await keys.locator('.fingerprint').first().innerText(), grouped(shown.root.sha256_fingerprint));
    assert.equal(await page.locator('input[type=password]:not(#list-pass)').count(), 0, 'the passphrase fields are gone');
    assert.equal(await page.locator('#list-pass').count(), 1, 'only the one to sign the revocation list is left');

    await page.getByRole('button', { name: 'Vie juurivarmenne…' }).click();
    await page.getByText('Tallennettu: kielo-ca.pem').waitFor();
    assert.deepEqual(backend.state.offered, ['juurivarmenne-0112038-9.pem']);
    const again = join(scratchDir('ca2'), 'ca.pem');
    cli(data.dir, ['keys', 'export-ca', '--out', again]);
    assert.equal(readFileSync(out, 'utf8'), readFileSync(again, 'utf8'));
    await screenshot(page, 'settings-keys-created-fi');
    await page.assertClean();
    await page.close();
  });

  it('imports a PKCS#12 signer: a wrong file passphrase is said plainly and the chosen file is kept', async () => {
    const data = fresh('keys-p12');
    cli(data.dir, ['org', 'set', '--name', 'Hoivakoti Kielo Oy', '--business-id', '0112038-9']);
    const p12 = pkcs12();
    const backend = makeStatementBackend({ data, pickP12: () => p12 });
    const page = await openSettings(browser, backend);
    await page.getByRole('button', { name: 'Valitse tiedosto…' }).click();
    await page.getByText('Valittu tiedosto: signer.p12').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'p12-pass', 'the file passphrase is next');
    await page.keyboard.type('väärä');
    await page.locator('#p12-new-1').fill(PASSPHRASE);
    await page.locator('#p12-new-2').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Tuo varmenne' }).click();
    await page.locator('#import-error [role=alert]').waitFor();
    assert.match(await page.locator('#import-error').innerText(), /PKCS#12-tiedoston tunnuslause on väärä/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'p12-pass');
    await screenshot(page, 'settings-keys-p12-wrong-fi');

    await page.locator('#p12-pass').fill(P12_PASSPHRASE);
    await page.getByRole('button', { name: 'Tuo varmenne' }).click();
    await page.getByText('Varmenne on tuotu').waitFor();
    assert.equal(backend.called('pick_pkcs12_dialog').length, 1, 'the file was chosen once');
    const shown = cli(data.dir, ['keys', 'show']);
    assert.equal(shown.mode, 'imported');
    const text = await page.locator('section.keys').innerText();
    assert.match(text, /varmentajalta tuodulla varmenteella/);
    assert.match(text, /Testi-CA/);
    assert.ok(text.includes(grouped(shown.signer.sha256_fingerprint)), 'the signer fingerprint is shown');
    await page.assertClean();
    await page.close();
  });

  it('takes the focus to the keys when opened from the statement screen (/settings#keys)', async () => {
    const data = fresh('keys-hash');
    data.list();
    const backend = makeStatementBackend({ data });
    const page = await openSettings(browser, backend, '/settings#keys');
    await page.waitForFunction(() => document.activeElement?.id === 'keys');
    assert.match(await visibleText(page), /Organisaatio ja allekirjoitusavaimet/);
    await page.close();
  });

  it('saves the signed revocation list with the passphrase, and a college that trusts the organisation can import it', async () => {
    const d = demo('keys-revocations');
    const [statement] = cli(d.data.dir, ['statement', 'list', d.caseId]);
    cli(d.data.dir, ['statement', 'revoke', statement.id, '--reason', 'Väärä henkilö']);
    const out = join(scratchDir('revocations-saved'), 'kielo-sulkulista.json');
    const saveAs = (kind) => (kind === 'revocations' ? out : null);
    const backend = withRevocations(makeStatementBackend({ data: d.data, saveAs }), { saveAs });
    const page = await openSettings(browser, backend);
    const block = page.locator('form.revocation-list');
    assert.match(await block.innerText(), /Sulkulista kertoo, mitkä organisaation antamat lausunnot on peruttu tai korvattu uusilla\. Tallenna se ja lähetä oppilaitoksille tai julkaise se/);
    const save = block.getByRole('button', { name: 'Tallenna sulkulista…' });
    assert.ok(await save.isDisabled(), 'the passphrase first');

    // By keyboard: a wrong passphrase is refused before the dialog, said in Finnish.
    await page.getByLabel('Avainten tunnuslause').focus();
    await page.keyboard.type('väärä tunnuslause');
    await page.keyboard.press('Enter');
    await page.locator('#list-error [role=alert]').waitFor();
    assert.match(await page.locator('#list-error').innerText(), /tunnuslause on väärä/i);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'list-pass', 'back to the passphrase');
    assert.deepEqual(backend.state.offered, [], 'no dialog opened');
    await screenshot(page, 'settings-revocations-wrong-fi');

    await page.getByLabel('Avainten tunnuslause').fill(DEMO_PASSPHRASE);
    await save.click();
    await page.getByText('Sulkulista tallennettu: kielo-sulkulista.json').waitFor();
    assert.match(backend.state.offered[0], /^sulkulista-0112038-9-\d{4}-\d{2}-\d{2}\.json$/);
    assert.equal(await page.getByLabel('Avainten tunnuslause').inputValue(), '', 'the passphrase is not kept');
    const saved = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(saved.format, 'osaava-revocations/1');

    // A college that trusts the organisation takes it, and it revokes the statement there.
    const college = fresh('keys-revocations-college');
    college.list();
    cli(college.dir, ['keys', 'trust', d.ca]);
    const imported = cli(college.dir, ['keys', 'import-revocations', out]);
    assert.equal(imported.list.revoked, 1);
    const report = cli(college.dir, ['verify', d.pdf], { allow: [1] });
    assert.ok(report.problems.some((p) => p.code === 'revoked'), JSON.stringify(report.problems));
    await screenshot(page, 'settings-revocations-saved-fi');
    await page.assertClean();
    await page.close();
  });

  for (const lang of LANGS) {
    it(`has no serious or critical axe violations in ${LABELS[lang]}, before and after keys exist`, async () => {
      const empty = fresh(`keys-a11y-${lang}`);
      empty.list();
      let backend = makeStatementBackend({ data: empty, language: lang, pickP12: () => '/tmp/x/allekirjoitus.p12' });
      let page = await openSettings(browser, backend);
      // Show the import form's fields too.
      await page.locator('.sub').nth(1).getByRole('button').first().click();
      await page.locator('#p12-pass').waitFor();
      await screenshot(page, `settings-keys-none-${lang}`);
      assert.deepEqual(await axeProblems(page), []);
      await page.assertClean();
      await page.close();

      const d = demo(`keys-a11y-demo-${lang}`);
      backend = makeStatementBackend({ data: d.data, language: lang });
      page = await openSettings(browser, backend);
      await page.locator('.keys .fingerprint').first().waitFor();
      assert.match(await page.locator('.assessors').innerText(), /Sirkka Väänänen/);
      assert.equal(await page.locator('form.revocation-list #list-pass').count(), 1, 'the revocation list block is checked too');
      await screenshot(page, `settings-keys-${lang}`);
      assert.deepEqual(await axeProblems(page), []);
      await page.assertClean();
      await page.close();
    });
  }
});
