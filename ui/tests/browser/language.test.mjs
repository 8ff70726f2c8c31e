// The UI language: from the back end's settings at start, switched in the header, saved with
// set_language, and reflected in <html lang>.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { starter } from './fixtures.mjs';
import { chooseLanguage, LABELS, makeBackend, norm, openPage, ready, screenshot, shown, startBrowser, visibleText, waitForList } from './harness.mjs';

const UI = {
  fi: { nav: 'Osaamismerkit', search: 'Hae merkkejä', import: 'Tuo merkkejä…', settings: 'Asetukset', criteria: 'Kriteerit' },
  sv: { nav: 'Kompetensmärken', search: 'Sök märken', import: 'Importera märken…', settings: 'Inställningar', criteria: 'Kriterier' },
  en: { nav: 'Competence badges', search: 'Search badges', import: 'Import badges…', settings: 'Settings', criteria: 'Criteria' },
};

describe('language', () => {
  let browser;
  const data = starter();
  const all = data.list();

  before(async () => {
    browser = await startBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  for (const lang of ['fi', 'sv', 'en']) {
    it(`starts in the language of the settings (${LABELS[lang]})`, async () => {
      const page = await openPage(browser, makeBackend({ data, language: lang }), '/badges');
      await ready(page);
      await waitForList(page, all.map((b) => shown(b.name, lang)), `every badge name in ${LABELS[lang]}`);
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
      await page.getByRole('heading', { level: 1, name: UI[lang].nav }).waitFor();
      await page.getByLabel(UI[lang].search).waitFor();
      await page.getByRole('button', { name: UI[lang].import }).waitFor();
      const current = page.getByRole('button', { name: LABELS[lang], pressed: true });
      assert.equal(await current.count(), 1, `${LABELS[lang]} is marked as the current language`);
      await page.assertClean();
      await page.close();
    });
  }

  it('switches the visible texts and <html lang>, saves the choice, and keeps it across pages', async () => {
    const backend = makeBackend({ data, language: 'fi' });
    const page = await openPage(browser, backend, '/badges');
    await ready(page);
    await waitForList(page, all.map((b) => shown(b.name, 'fi')), 'the Finnish names');

    for (const lang of ['sv', 'en', 'fi']) {
      await chooseLanguage(page, lang);
      await waitForList(page, all.map((b) => shown(b.name, lang)), `the names in ${LABELS[lang]}`);
      const text = await visibleText(page);
      for (const [key, label] of Object.entries(UI[lang])) {
        if (key !== 'criteria') assert.ok(text.includes(label), `"${label}" is visible in ${LABELS[lang]}`);
      }
      // No other language's interface text or badge name is left on the screen.
      for (const other of ['fi', 'sv', 'en'].filter((l) => l !== lang)) {
        assert.ok(!text.includes(UI[other].search), `"${UI[other].search}" still visible in ${LABELS[lang]}`);
        const stale = all.map((b) => b.name[other]).filter((n) => n && !all.some((b) => shown(b.name, lang).includes(n)) && text.includes(norm(n)));
        assert.deepEqual(stale, [], `names in another language in ${LABELS[lang]}`);
      }
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
      const names = (await page.locator('table.badges tbody a.badge-link').allInnerTexts()).map(norm);
      const collator = new Intl.Collator({ fi: 'fi', sv: 'sv-FI', en: 'en-GB' }[lang]);
      assert.deepEqual(names, [...names].sort(collator.compare), `sorted by the ${LABELS[lang]} names`);
      assert.deepEqual(backend.calls.filter((c) => c.cmd === 'set_language').at(-1).args, { request: { language: lang } });
      assert.equal(backend.settings.language, lang, 'the back end remembers the language');
      if (lang !== 'fi') await screenshot(page, `badges-${lang}`);
    }

    // The language stays when moving to another screen.
    await chooseLanguage(page, 'sv');
    await page.getByRole('link', { name: shown(all[0].name, 'sv'), exact: true }).click();
    await page.getByRole('heading', { level: 2, name: UI.sv.criteria }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'sv');
    await page.getByRole('link', { name: 'Inställningar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inställningar' }).waitFor();

    // A restart: the language comes back from the settings the back end saved.
    const restarted = await openPage(browser, backend, '/badges');
    await ready(restarted);
    await restarted.getByRole('heading', { level: 1, name: UI.sv.nav }).waitFor();
    assert.equal(await restarted.evaluate(() => document.documentElement.lang), 'sv');
    await restarted.assertClean();
    await restarted.close();
    await page.assertClean();
    await page.close();
  });

  it('changes the language on the settings page too, and shows the data folder', async () => {
    const backend = makeBackend({ data, language: 'en' });
    const page = await openPage(browser, backend, '/settings');
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    assert.equal(await page.getByLabel('Location of the data folder').inputValue(), data.dir, 'the data folder');
    assert.equal(await page.getByRole('radio', { name: 'English' }).isChecked(), true);
    await page.getByRole('radio', { name: 'Suomi' }).check();
    await page.getByRole('heading', { level: 1, name: 'Asetukset' }).waitFor();
    await page.getByText('Kieli tallennettu.').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'fi');
    assert.equal(backend.settings.language, 'fi');
    await screenshot(page, 'settings-fi');
    await page.assertClean();
    await page.close();
  });

  it('says so, in Finnish, when the settings cannot be read at start, and still lists the badges', async () => {
    const page = await openPage(browser, makeBackend({ data, language: 'sv', failGetSettings: true }), '/badges');
    await ready(page);
    const alert = norm(await page.getByRole('alert').innerText());
    assert.match(alert, /^Asetuksia ei voitu lukea/);
    assert.match(alert, /could not open the settings table/);
    await waitForList(page, all.map((b) => shown(b.name, 'fi')), 'the Finnish names');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'fi');
    await page.close();
  });

  it('goes back to the previous language and says why when saving fails', async () => {
    const backend = makeBackend({ data, language: 'fi', failSetLanguage: true });
    const page = await openPage(browser, backend, '/badges');
    await ready(page);
    await page.getByRole('group', { name: 'Kieli' }).getByRole('button', { name: 'English' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = norm(await alert.innerText());
    assert.match(text, /^Kielivalintaa ei voitu tallentaa/);
    assert.match(text, /database is locked/);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'fi');
    await page.getByRole('heading', { level: 1, name: 'Osaamismerkit' }).waitFor();
    await page.close();
  });
});
