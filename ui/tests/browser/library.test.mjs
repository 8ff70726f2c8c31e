// The badge library (/badges) in Chromium, answered by the real CLI's output for a fresh data dir.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { starter } from './fixtures.mjs';
import {
  listedNames,
  makeBackend,
  norm,
  openPage,
  ready,
  screenshot,
  shown,
  startBrowser,
  visibleText,
  waitForList,
} from './harness.mjs';

/**
 * A distinctive Finnish word from the first criterion texts of the library: the one the back end
 * finds in the fewest badges (at least one, fewer than half).
 */
function searchWord(data, all) {
  let best = null;
  for (const b of all.slice(0, 4)) {
    for (const c of data.show({ id: b.id }).criteria) {
      for (const word of (c.text.fi ?? '').toLowerCase().match(/[a-zåäö]{8,}/g) ?? []) {
        const found = data.list({ query: word });
        if (found.length === 0 || found.length >= all.length / 2) continue;
        if (!best || found.length < best.found.length || (found.length === best.found.length && word.length > best.word.length)) {
          best = { word, found, from: b.id };
        }
      }
    }
  }
  if (!best) throw new Error('no Finnish criterion word narrows the starter library');
  return best;
}

describe('badge library', () => {
  let browser;
  const data = starter();
  const all = data.list();

  before(async () => {
    browser = await startBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  it('lists every starter badge with its criteria count and units', async () => {
    assert.ok(all.length >= 10, `the starter library should have at least 10 badges, the CLI lists ${all.length}`);
    const backend = makeBackend({ data });
    // `/` is the start screen (start.test.mjs); the library is a section of its own.
    const page = await openPage(browser, backend, '/badges');
    await ready(page);
    await waitForList(page, all.map((b) => shown(b.name, 'fi')), 'every starter badge in Finnish');

    // Each row: the name links to the badge page, with its criteria count, units and source.
    for (const b of all) {
      const row = page.locator('table.badges tbody tr', { has: page.locator(`a[href="/badges/${encodeURIComponent(b.id)}"]`) });
      assert.equal(await row.count(), 1, `one row links to ${b.id}`);
      const cells = (await row.locator('td').allInnerTexts()).map(norm);
      assert.equal(cells[1], String(b.criteria_count), `criteria count of ${b.id}`);
      for (const a of b.alignments.filter((a) => a.kind === 'qualification-unit')) {
        const code = a.code.replace(/^tutkinnonosat_/, '');
        assert.ok(cells[2].includes(`${code} ${shown(a.name, 'fi')} ${a.competence_points} osp`), `${b.id} shows unit ${code}: ${cells[2]}`);
      }
      assert.equal(cells[3], 'Osaava-pohja', `source format of ${b.id}`);
    }
    assert.match(await visibleText(page), new RegExp(`Merkkejä: ${all.length}\\b`));
    const names = await listedNames(page);
    assert.deepEqual(names, [...names].sort(new Intl.Collator('fi').compare), 'in Finnish alphabetical order');
    assert.equal(await page.title(), 'Osaamismerkit – Osaava');
    await screenshot(page, 'badges-fi');
    await page.assertClean();
    await page.close();
  });

  it('narrows the list by a Finnish word from one badge’s criterion, then widens it again', async () => {
    const { word, found, from } = searchWord(data, all);
    assert.ok(found.some((b) => b.id === from), `the back end finds ${from} by "${word}"`);
    const backend = makeBackend({ data });
    const page = await openPage(browser, backend, '/badges');
    await ready(page);
    await waitForList(page, all.map((b) => shown(b.name, 'fi')), 'every badge before searching');

    // Typed a key at a time, quicker than the debounce: one search, for the whole word.
    await page.getByLabel('Hae merkkejä').pressSequentially(word, { delay: 40 });
    await waitForList(page, found.map((b) => shown(b.name, 'fi')), `the badges whose texts contain "${word}"`);
    assert.ok((await listedNames(page)).length < all.length, 'the search narrowed the list');
    const searches = backend.calls.filter((c) => c.cmd === 'list_badges' && c.args.request.query);
    assert.deepEqual(
      searches.map((c) => c.args),
      [{ request: { query: word } }],
      'typing is debounced into one search for the whole word',
    );
    await screenshot(page, 'badges-search');

    await page.getByLabel('Hae merkkejä').fill('');
    await waitForList(page, all.map((b) => shown(b.name, 'fi')), 'every badge after clearing the search');
    await page.assertClean();
    await page.close();
  });

  it('shows what to do next when nothing matches', async () => {
    const backend = makeBackend({ data });
    const page = await openPage(browser, backend, '/badges');
    await ready(page);
    await page.getByLabel('Hae merkkejä').fill('zzxqvyyt');
    const empty = page.getByRole('heading', { name: 'Hakuehtoja vastaavia merkkejä ei löytynyt' });
    await empty.waitFor();
    assert.equal(await page.locator('table.badges').count(), 0, 'no table when nothing matches');
    const text = await visibleText(page);
    assert.match(text, /poista rajaus/);
    assert.match(text, /tuoda tiedostosta/);
    await screenshot(page, 'badges-empty');

    await page.getByRole('button', { name: 'Tyhjennä haku ja rajaus' }).click();
    await waitForList(page, all.map((b) => shown(b.name, 'fi')), 'every badge after clearing');
    assert.equal(await page.getByLabel('Hae merkkejä').inputValue(), '');
    await page.assertClean();
    await page.close();
  });

  it('filters by qualification unit with the units found in the library', async () => {
    const units = new Map();
    for (const b of all) for (const a of b.alignments) if (a.kind === 'qualification-unit') units.set(a.code, a);
    assert.ok(units.size >= 2, 'the starter library has at least two qualification units');

    const backend = makeBackend({ data });
    const page = await openPage(browser, backend, '/badges');
    await ready(page);
    const select = page.getByLabel('Tutkinnon osa tai kansallinen merkki');
    await waitForList(page, all.map((b) => shown(b.name, 'fi')), 'every badge');
    const values = await select.locator('option').evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(values.slice(1).sort(), [...units.keys()].sort(), 'the filter offers exactly the units in the library');

    for (const [code, unit] of units) {
      const expected = data.list({ alignment: code });
      assert.ok(expected.length < all.length, `${code} is not on every badge`);
      await select.selectOption(code);
      await waitForList(page, expected.map((b) => shown(b.name, 'fi')), `the badges aligned to ${code}`);
      const label = norm(await select.locator('option:checked').innerText());
      assert.equal(label, `${code.replace(/^tutkinnonosat_/, '')} ${shown(unit.name, 'fi')} (${unit.competence_points} osp)`);
    }
    assert.deepEqual(backend.calls.filter((c) => c.cmd === 'list_badges').at(-1).args, { request: { alignment: [...units.keys()].at(-1) } });
    await screenshot(page, 'badges-filter');

    await select.selectOption('');
    await waitForList(page, all.map((b) => shown(b.name, 'fi')), 'every badge with the filter off');
    await page.assertClean();
    await page.close();
  });

  it('is usable with the keyboard: search, filter, import, first badge, Enter opens it', async () => {
    const backend = makeBackend({ data });
    const page = await openPage(browser, backend, '/badges');
    await ready(page);
    await waitForList(page, all.map((b) => shown(b.name, 'fi')), 'every badge');

    const focused = () =>
      page.evaluate(() => {
        const e = document.activeElement;
        return {
          tag: e?.tagName.toLowerCase(),
          id: e?.id || null,
          text: (e?.innerText || '').replace(/\s+/g, ' ').trim(),
          href: e?.getAttribute('href'),
        };
      });
    // From the top of the page, Tab until the search box; count what comes before it: the skip
    // link, the brand, three languages, five sections and the role link.
    const seen = [];
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press('Tab');
      const f = await focused();
      seen.push(f);
      if (f.id === 'badge-search') break;
    }
    assert.equal(seen.at(-1).id, 'badge-search', `Tab never reached the search box: ${JSON.stringify(seen)}`);
    assert.ok(seen.length <= 12, `the search box is the ${seen.length}th stop`);

    await page.keyboard.press('Tab');
    assert.equal((await focused()).id, 'badge-filter', 'after the search box: the filter');
    await page.keyboard.press('Tab');
    const importButton = await focused();
    assert.deepEqual([importButton.tag, importButton.text], ['button', 'Tuo merkkejä…'], 'then the import button');
    await page.keyboard.press('Tab');
    const first = await focused();
    const firstBadge = (await listedNames(page))[0];
    assert.equal(first.tag, 'a');
    assert.equal(first.text, firstBadge, 'then the first badge in the list');

    // A visible focus ring on the link.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', 'the focused link shows a focus outline');
    await screenshot(page, 'badges-keyboard-focus');

    await page.keyboard.press('Enter');
    await page.waitForURL(`**${first.href}`);
    await page.getByRole('heading', { level: 1, name: firstBadge }).waitFor();
    await page.assertClean();
    await page.close();
  });

  it('fits a 900 px wide window without sideways scrolling', async () => {
    const backend = makeBackend({ data });
    const page = await openPage(browser, backend, '/badges', { width: 900, height: 800 });
    await ready(page);
    await waitForList(page, all.map((b) => shown(b.name, 'fi')), 'every badge');
    const { scroll, client } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    assert.ok(scroll <= client, `the page is ${scroll} px wide in a ${client} px window`);
    await screenshot(page, 'badges-900px');
    await page.assertClean();
    await page.close();
  });
});
