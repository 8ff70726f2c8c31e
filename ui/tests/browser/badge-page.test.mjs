// The badge page (/badges/ID): criteria, guidance, key points, evidence, versions, deep links.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { extra, HOSTILE_ID, starter } from './fixtures.mjs';
import { makeBackend, norm, openPage, ready, screenshot, shown, startBrowser, visibleText } from './harness.mjs';

const KIND_FI = {
  'interview-answer': 'haastatteluvastaus',
  observation: 'havainnointi',
  document: 'asiakirja',
  'work-sample': 'työnäyte',
  'third-party-statement': 'kolmannen osapuolen lausunto',
  'prior-certificate': 'aiempi todistus',
};

describe('badge page', () => {
  let browser;

  before(async () => {
    browser = await startBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  it('opens from the library and shows every criterion in order with guidance, key points and evidence', async () => {
    const data = starter();
    const summary = data.list().find((b) => b.alignments.some((a) => a.kind === 'qualification-unit'));
    const badge = data.show({ id: summary.id });
    const backend = makeBackend({ data });
    const page = await openPage(browser, backend, '/badges');
    await ready(page);
    await page.getByRole('link', { name: shown(badge.name, 'fi'), exact: true }).click();
    await page.waitForURL(`**/badges/${encodeURIComponent(badge.id)}`);
    await page.getByRole('heading', { level: 1, name: shown(badge.name, 'fi') }).waitFor();

    const items = page.locator('ol.criterion-list > li');
    assert.equal(await items.count(), badge.criteria.length, 'one item per criterion');
    for (const [i, c] of badge.criteria.entries()) {
      const text = norm(await items.nth(i).innerText());
      assert.ok(text.startsWith(`Kriteeri ${i + 1} ${c.mandatory ? 'Pakollinen' : 'Valinnainen'}`), `criterion ${i + 1} heading: ${text.slice(0, 60)}`);
      assert.ok(text.includes(norm(shown(c.text, 'fi'))), `criterion ${i + 1} text`);
      if (shown(c.guidance, 'fi')) assert.ok(text.includes(`Ohje arvioijalle ${norm(shown(c.guidance, 'fi'))}`), `criterion ${i + 1} guidance`);
      for (const k of c.key_points) assert.ok(text.includes(norm(shown(k, 'fi'))), `criterion ${i + 1} key point ${shown(k, 'fi')}`);
      const kinds = [...new Set(c.evidence.kinds)].map((k) => KIND_FI[k]).join(', ');
      const evidence = kinds ? `vähintään ${c.evidence.min_items}: ${kinds}` : `vähintään ${c.evidence.min_items}, mitä tahansa näytön lajia`;
      assert.ok(text.includes(`Näyttövaatimus: ${evidence}`), `criterion ${i + 1} evidence: expected "${evidence}" in ${text}`);
    }

    const all = await visibleText(page);
    assert.ok(all.includes(norm(shown(badge.description, 'fi'))), 'the description');
    assert.ok(all.includes(`Myöntäjä ${badge.issuer}`), 'the issuer');
    assert.ok(all.includes('Lähdemuoto Osaava-pohja'), 'the source format');
    assert.ok(all.includes(`Näytön ajantasaisuus enintään ${badge.evidence_currency_years} vuoden ikäinen`), 'the evidence currency');
    for (const a of badge.alignments.filter((a) => a.code)) {
      assert.ok(all.includes(`${a.code.replace(/^tutkinnonosat_/, '')} ${shown(a.name, 'fi')} ${a.competence_points} osaamispistettä`), `alignment ${a.code}`);
    }
    assert.equal(await page.title(), `${shown(badge.name, 'fi')} – Osaava`);
    await screenshot(page, 'badge-fi');
    await page.assertClean();
    await page.close();
  });

  it('loads when opened directly by URL and after a reload', async () => {
    const data = starter();
    const badge = data.show({ id: data.list().at(-1).id });
    const page = await openPage(browser, makeBackend({ data }), `/badges/${encodeURIComponent(badge.id)}`);
    await page.getByRole('heading', { level: 1, name: shown(badge.name, 'fi') }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: shown(badge.name, 'fi') }).waitFor();
    const text = await visibleText(page);
    for (const c of badge.criteria) assert.ok(text.includes(norm(shown(c.text, 'fi'))), `criterion ${c.id} after reload`);
    await page.assertClean();
    await page.close();
  });

  it('opens a badge whose id is a URL with / : ? & # in it', async () => {
    const data = extra();
    const backend = makeBackend({ data });
    const page = await openPage(browser, backend, '/badges');
    await ready(page);
    const href = `/badges/${encodeURIComponent(HOSTILE_ID)}`;
    const link = page.locator(`a.badge-link[href="${href}"]`);
    assert.equal(await link.count(), 1, `the library links to ${href}`);
    await link.click();
    await page.waitForURL((u) => u.pathname === href);
    await ready(page);
    const shows = backend.calls.filter((c) => c.cmd === 'show_badge');
    assert.deepEqual(shows.at(-1).args, { request: { id: HOSTILE_ID } }, 'show_badge got the id decoded');
    assert.ok((await visibleText(page)).includes('Open Badges 2.0'));

    // Straight to the URL, as after a reload.
    const direct = await openPage(browser, makeBackend({ data }), href);
    await ready(direct);
    assert.ok((await visibleText(direct)).includes('Osaa <i>jotain</i> & <a href="javascript:alert(3)">muuta</a>'), 'the criterion, as text');
    await direct.assertClean();
    await direct.close();
    await page.assertClean();
    await page.close();
  });

  it('lists every version and shows the one chosen', async () => {
    const data = extra();
    const latest = data.show({ id: 'osaava-first-aid' });
    assert.ok(latest.versions.length >= 2, 'first aid has two versions in the extra data dir');
    const v1 = data.show({ id: 'osaava-first-aid', version: 1 });
    const backend = makeBackend({ data });
    const page = await openPage(browser, backend, '/badges/osaava-first-aid');
    await ready(page);
    const select = page.getByLabel('Versio', { exact: true });
    const options = (await select.locator('option').allInnerTexts()).map(norm);
    assert.equal(options.length, latest.versions.length);
    assert.match(options[0], new RegExp(`^Versio ${latest.version} – tuotu \\d{1,2}\\.\\d{1,2}\\.\\d{4} \\(uusin\\)$`));
    assert.match(options[1], /^Versio 1 – tuotu /);
    const first = () => page.locator('ol.criterion-list > li').first().innerText().then(norm);
    assert.ok((await first()).includes(norm(shown(latest.criteria[0].text, 'fi'))), 'the latest text first');

    await select.selectOption('1');
    await page.waitForURL('**/badges/osaava-first-aid?version=1');
    await page.getByText('Katselet merkin vanhempaa versiota.').waitFor();
    assert.ok((await first()).includes(norm(shown(v1.criteria[0].text, 'fi'))), 'version 1 shows its own criterion text');
    assert.ok(!(await first()).includes('Toinen versio'), 'and not the text of version 2');
    assert.deepEqual(backend.calls.filter((c) => c.cmd === 'show_badge').at(-1).args, { request: { id: 'osaava-first-aid', version: 1 } });
    assert.ok((await visibleText(page)).includes(`Lähteen versiotunnus ${v1.source_version}`));
    await screenshot(page, 'badge-old-version');

    // The old version survives a reload; "show the latest" goes back.
    await page.reload();
    await page.getByText('Katselet merkin vanhempaa versiota.').waitFor();
    await page.getByRole('link', { name: 'Näytä uusin versio' }).click();
    await page.waitForURL((u) => u.pathname === '/badges/osaava-first-aid' && !u.search);
    await page.waitForFunction(() => !document.body.innerText.includes('Katselet merkin vanhempaa versiota.'));
    assert.ok((await first()).includes('Toinen versio'));
    await page.assertClean();
    await page.close();
  });

  it('fits a 900 px wide window without sideways scrolling, as does the settings page', async () => {
    const data = extra();
    for (const [name, path] of [
      ['badge-900px', '/badges/osaava-first-aid'],
      ['hostile-badge-900px', `/badges/${encodeURIComponent(HOSTILE_ID)}`],
      ['settings-900px', '/settings'],
    ]) {
      const page = await openPage(browser, makeBackend({ data, language: 'sv' }), path, { width: 900, height: 800 });
      await ready(page);
      await page.waitForLoadState('networkidle');
      const { scroll, client } = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      assert.ok(scroll <= client, `${path} is ${scroll} px wide in a ${client} px window`);
      await screenshot(page, name);
      await page.assertClean();
      await page.close();
    }
  });

  it('says so when a badge does not exist', async () => {
    const page = await openPage(browser, makeBackend({ data: starter() }), '/badges/no-such-badge');
    await page.getByRole('heading', { level: 1, name: 'Merkkiä ei voitu avata' }).waitFor();
    const alert = norm(await page.getByRole('alert').innerText());
    assert.match(alert, /no badge with id "no-such-badge"/);
    await page.getByRole('link', { name: /Takaisin merkkikirjastoon/ }).click();
    await page.waitForURL('**/badges');
    await page.assertClean();
    await page.close();
  });
});
