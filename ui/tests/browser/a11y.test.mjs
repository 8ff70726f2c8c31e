// axe-core on every screen in every language: no serious or critical violations. Screenshots of
// each go to test-artifacts/ui/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { starter } from './fixtures.mjs';
import { axeProblems, LABELS, LANGS, makeBackend, openPage, ready, screenshot, shown, startBrowser } from './harness.mjs';
import { makeStatementBackend } from './statement-fixture.mjs';

describe('accessibility (axe-core)', () => {
  let browser;
  const data = starter();
  const all = data.list();
  const badge = all.find((b) => b.alignments.length > 0) ?? all[0];

  before(async () => {
    browser = await startBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  const screens = [
    { name: 'badges', path: '/badges', wait: (page, lang) => page.getByRole('link', { name: shown(all[0].name, lang), exact: true }).waitFor() },
    {
      name: 'badge',
      path: `/badges/${encodeURIComponent(badge.id)}`,
      wait: (page) => page.locator('ol.criterion-list > li').first().waitFor(),
    },
    {
      name: 'settings',
      path: '/settings',
      // The keys panel asks for the keys too: answered like the desktop, by the CLI.
      backend: makeStatementBackend,
      wait: (page) => page.getByRole('button').filter({ hasText: /avaimet|nycklar|keys/i }).first().waitFor(),
    },
  ];

  for (const lang of LANGS) {
    for (const screen of screens) {
      it(`${screen.path} in ${LABELS[lang]} has no serious or critical violations`, async () => {
        const backend = (screen.backend ?? makeBackend)({ data, language: lang });
        const page = await openPage(browser, backend, screen.path);
        await ready(page);
        await screen.wait(page, lang);
        assert.equal(await page.getByRole('alert').count(), 0, 'no error on the screen');
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
        await screenshot(page, `a11y-${screen.name}-${lang}`);
        assert.deepEqual(await axeProblems(page), []);
        await page.assertClean();
        await page.close();
      });
    }
  }

  it('axe-core does report a real violation (the check can fail)', async () => {
    const page = await openPage(browser, makeBackend({ data }), '/badges');
    await ready(page);
    await page.evaluate(() => {
      const input = document.getElementById('badge-search');
      document.querySelector('label[for="badge-search"]').remove();
      input.removeAttribute('aria-describedby');
    });
    const problems = await axeProblems(page);
    assert.ok(problems.some((p) => p.includes('label')), `axe should flag the unlabelled search box: ${JSON.stringify(problems)}`);
    await page.close();
  });
});
