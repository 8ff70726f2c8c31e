// The self-assessment wizard (/cases/ID/self): one criterion at a time, saved as you go into the
// real back end (the CLI answers), evidence by the native dialog and by drop, progress, the
// summary with submit and export, and nothing lost when the window closes.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { caseSetup } from './cases-fixture.mjs';
import { scratchDir, writeFile } from './fixtures.mjs';
import { dropFiles, makeBackend, norm, openPage, ready, screenshot, sendWindow, startBrowser } from './harness.mjs';

/** Waits until `check()` is truthy (polling the back end); fails with `what`. */
async function until(check, what, timeout = 8000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const entry = (s, criterion) => s.show().self_assessment.entries.find((e) => e.criterion === criterion);

describe('self-assessment', () => {
  let browser;

  before(async () => {
    browser = await startBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  it('saves a level at once and the example as it is typed, and shows the progress', async () => {
    const s = caseSetup('self-save');
    const backend = makeBackend({ data: s.data, profile: s.profileOf('employee') });
    const page = await openPage(browser, backend, `/cases/${s.caseId}/self`);
    await ready(page);
    await page.getByRole('heading', { level: 2, name: /Kriteeri 1/ }).waitFor();
    assert.equal(norm(await page.locator('label[for=self-progress]').innerText()), 'Vastattu: 0/6 kriteeriä');

    await page.getByRole('radio', { name: /Osaan itsenäisesti/ }).check();
    await until(() => entry(s, s.criteria[0])?.level === 3, 'level 3 saved');
    await page.getByText('Vastattu: 1/6 kriteeriä').waitFor();

    const example = 'Asukas <b>kaatui</b> käytävällä. Soitin 112:een ja aloitin elvytyksen. <img src=x onerror="window.__pwned=1">';
    await page.getByLabel('Esimerkki työstäsi').fill(example);
    await until(() => entry(s, s.criteria[0])?.example === example, 'the example saved after the typing stopped');
    await page.getByText(/Tallennettu klo/).waitFor();
    assert.equal(backend.called('self_assess').length, 2, 'one save for the level, one for the example');
    const step = page.locator('nav.steps a').first();
    assert.match(norm(await step.innerText()), /3 – Osaan itsenäisesti/);

    // A personal identity code in the example is warned about.
    await page.getByLabel('Esimerkki työstäsi').fill('Asiakas 131052-308T sai apua.');
    await page.getByRole('heading', { name: 'Tarkista asiakastiedot' }).waitFor();
    await screenshot(page, 'self-step-fi');
    assert.equal(await page.evaluate(() => '__pwned' in window), false);
    await page.assertClean();
    await page.close();
  });

  it('keeps an example typed before a level on this computer and saves it with the level', async () => {
    const s = caseSetup('self-draft');
    const backend = makeBackend({ data: s.data, profile: s.profileOf('employee') });
    let page = await openPage(browser, backend, `/cases/${s.caseId}/self?step=2`);
    await ready(page);
    await page.getByRole('heading', { level: 2, name: /Kriteeri 2/ }).waitFor();
    await page.getByLabel('Esimerkki työstäsi').fill('Elvytin nukkea koulutuksessa.');
    await page.getByText(/Valitse taso yllä/).waitFor();
    await page.waitForTimeout(1200);
    assert.equal(backend.called('self_assess').length, 0, 'nothing can be saved without a level');

    // The window is reloaded (or closed and opened): the draft is still there.
    await page.reload();
    await page.getByRole('heading', { level: 2, name: /Kriteeri 2/ }).waitFor();
    assert.equal(await page.getByLabel('Esimerkki työstäsi').inputValue(), 'Elvytin nukkea koulutuksessa.');
    await page.getByRole('radio', { name: /Osaan ohjattuna/ }).check();
    await until(() => entry(s, s.criteria[1])?.example === 'Elvytin nukkea koulutuksessa.', 'the draft saved with the level');
    assert.equal(entry(s, s.criteria[1]).level, 2);
    await until(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('osaava:draft:')).length === 0), 'the draft removed');
    await page.assertClean();
    await page.close();
  });

  it('adds evidence through the native dialog and by dropping files on the window', async () => {
    const s = caseSetup('self-evidence');
    const statement = writeFile('esihenkilön lausunto.txt', 'Esihenkilön lausunto: Maija toimi rauhallisesti elvytystilanteessa.\n');
    const dropped = writeFile('todistus <b>EA1<b> & "kopio".txt', 'Ensiapu 1 -kurssi suoritettu.\n');
    const program = writeFile('ohjelma.exe', Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0, 0xb8]));
    const backend = makeBackend({ data: s.data, profile: s.profileOf('employee'), pickEvidence: () => [statement] });
    const page = await openPage(browser, backend, `/cases/${s.caseId}/self`);
    await ready(page);
    await page.getByRole('heading', { level: 2, name: /Kriteeri 1/ }).waitFor();

    await page.getByLabel('Näytön laji').selectOption('third-party-statement');
    await page.getByLabel('Laatija tai antaja').fill('esihenkilö');
    await page.getByRole('button', { name: 'Valitse tiedostot…' }).click();
    await page.getByText('Näyttöjä lisätty: 1').waitFor();
    const stored = s.show().evidence;
    assert.equal(stored.length, 1);
    assert.equal(stored[0].kind, 'third-party-statement');
    assert.deepEqual(stored[0].criteria, [s.criteria[0]]);
    assert.equal(stored[0].author, 'esihenkilö');
    assert.equal(stored[0].file.name, 'esihenkilön lausunto.txt');
    await page.locator('.evidence-list li', { hasText: 'esihenkilön lausunto.txt' }).waitFor();

    // Two files dropped on the window: one is added, the other refused by its content.
    await dropFiles(page, backend, [dropped, program]);
    await page.getByText('Näyttöjä lisätty: 1').waitFor();
    await page.getByRole('heading', { name: 'Ei lisätty: ohjelma.exe' }).waitFor();
    const call = backend.called('add_dropped_evidence')[0];
    assert.equal(typeof call.args.drop, 'number', 'the page names the drop, not a path');
    assert.ok(!JSON.stringify(call.args).includes('/'), `no path in the call: ${JSON.stringify(call.args)}`);
    await page.locator('.evidence-list li', { hasText: 'todistus <b>EA1<b> & "kopio".txt' }).waitFor();
    assert.equal(await page.locator('.evidence-list b').count(), 0, 'a file name is text');
    assert.equal(s.show().evidence.length, 2);
    await screenshot(page, 'self-evidence-fi');
    // The refusal is an expected error, shown in the page; nothing else went wrong.
    await page.assertClean();
    await page.close();
  });

  it('sums up, submits to the assessor and then shows the answers read-only; exports to a file', async () => {
    const s = caseSetup('self-submit');
    const out = join(scratchDir('export'), 'itsearviointi.json');
    const backend = makeBackend({ data: s.data, profile: s.profileOf('employee'), saveSelfAs: () => out });
    for (const [i, c] of s.criteria.slice(0, 5).entries()) {
      s.data.run(['self-assess', s.caseId, '--criterion', c, '--level', String((i % 4) + 1), '--example', `Esimerkki ${i + 1}`]);
    }
    const page = await openPage(browser, backend, `/cases/${s.caseId}/self?step=7`);
    await ready(page);
    await page.getByRole('heading', { level: 2, name: 'Yhteenveto' }).waitFor();
    await page.getByText('Vastaamatta on vielä 1 kriteeriä.', { exact: false }).waitFor();

    // Incomplete: the back end refuses, the page says what to do.
    await page.getByRole('button', { name: 'Lähetä arvioijalle' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Itsearviointia ei lähetetty' });
    await alert.waitFor();
    assert.match(norm(await alert.innerText()), /Vastaa kaikkiin kriteereihin/);

    await page.getByRole('link', { name: 'Kriteeri 6', exact: true }).click();
    await page.getByRole('radio', { name: /En osaa sanoa/ }).check();
    await until(() => entry(s, s.criteria[5])?.level === 'unsure', 'the last answer');
    await page.getByRole('link', { name: /Yhteenvetoon/ }).click();
    await page.getByText(/Olet vastannut kaikkiin kriteereihin/).waitFor();
    await page.getByRole('button', { name: 'Lähetä arvioijalle' }).click();
    await page.getByRole('heading', { name: 'Itsearviointia ei voi enää muuttaa' }).waitFor();
    assert.equal(s.show().case.state, 'self-assessment-submitted');
    assert.equal(await page.getByRole('button', { name: 'Lähetä arvioijalle' }).count(), 0);
    await screenshot(page, 'self-summary-fi');

    await page.getByRole('button', { name: 'Tallenna tiedostoon…' }).click();
    await page.getByText('Tallennettu tiedostoon itsearviointi.json.').waitFor();
    assert.ok(existsSync(out));
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).format, 'osaava-self-assessment/1');

    await page.getByRole('link', { name: 'Kriteeri 1', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: /Kriteeri 1/ }).waitFor();
    assert.equal(await page.getByRole('radio', { name: /En osaa tätä vielä/ }).isDisabled(), true);
    assert.equal(await page.getByLabel('Esimerkki työstäsi').isDisabled(), true);
    await page.assertClean();
    await page.close();
  });

  it('saves what is being typed before the window closes', async () => {
    const s = caseSetup('self-close');
    const backend = makeBackend({ data: s.data, profile: s.profileOf('employee') });
    const page = await openPage(browser, backend, `/cases/${s.caseId}/self`);
    await ready(page);
    await page.getByRole('radio', { name: /Osaan ohjata muita/ }).check();
    await until(() => entry(s, s.criteria[0])?.level === 4, 'the level');
    await page.getByLabel('Esimerkki työstäsi').fill('Perehdytän uusia työntekijöitä elvytykseen.');
    // At once, before the debounce: the window is closed.
    await sendWindow(page, backend, { event: 'close-requested' });
    await until(() => backend.state.closed, 'close_window called');
    assert.equal(entry(s, s.criteria[0]).example, 'Perehdytän uusia työntekijöitä elvytykseen.', 'saved before closing');
    const order = backend.calls.map((c) => c.cmd).filter((c) => c === 'self_assess' || c === 'close_window');
    assert.equal(order.at(-1), 'close_window', `saved first, then closed: ${order}`);
    await page.assertClean();
    await page.close();
  });

  it('saves a draft left behind by a closed window when the screen opens again', async () => {
    const s = caseSetup('self-leftover');
    s.data.run(['self-assess', s.caseId, '--criterion', s.criteria[0], '--level', '3', '--example', 'Alku']);
    const backend = makeBackend({ data: s.data, profile: s.profileOf('employee') });
    const page = await openPage(browser, backend, `/cases/${s.caseId}/self`);
    await ready(page);
    await page.getByLabel('Esimerkki työstäsi').waitFor();
    // As if the window had closed right after this was typed: only the draft has it.
    await page.evaluate(
      ([key, text]) => localStorage.setItem(key, text),
      [`osaava:draft:self-example:${s.caseId}:${s.criteria[0]}`, 'Alku ja loppu, jonka ikkuna ehti kadottaa.'],
    );
    await page.reload();
    await ready(page);
    await until(() => entry(s, s.criteria[0])?.example === 'Alku ja loppu, jonka ikkuna ehti kadottaa.', 'the draft saved on opening');
    assert.equal(await page.getByLabel('Esimerkki työstäsi').inputValue(), 'Alku ja loppu, jonka ikkuna ehti kadottaa.');
    await page.assertClean();
    await page.close();
  });
});
