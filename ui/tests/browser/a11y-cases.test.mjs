// axe-core on every case screen in fi, sv and en: no serious or critical violations. Each screen
// is shown with real content (a case in the self-assessment stage, an assessed case with
// evidence, notes and ratings). Screenshots go to test-artifacts/ui/a11y-<screen>-<lang>.png.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assessed } from './cases-fixture.mjs';
import { axeProblems, LABELS, LANGS, makeBackend, openPage, ready, screenshot, startBrowser } from './harness.mjs';

describe('accessibility of the case screens (axe-core)', () => {
  let browser;
  const s = assessed('a11y-cases');
  s.data.run(['interview', 'note', s.caseId, '--criterion', s.criteria[0], '--text', 'Kertoi hätäpuhelusta selkeästi.']);
  const draft = s.data.openCase({ employee: s.employee, badge: 'osaava-safe-medication', assessor: s.assessor });

  before(async () => {
    browser = await startBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  const screens = [
    {
      name: 'start',
      path: '/?choose',
      profile: () => s.profileOf('assessor'),
      wait: (page) => page.locator('fieldset.people input').first().waitFor(),
    },
    { name: 'people', path: '/people', wait: (page) => page.locator('table.data tbody tr').first().waitFor() },
    { name: 'person', path: `/people/${s.employee}`, wait: (page) => page.locator('table.cases').first().waitFor() },
    {
      name: 'cases',
      path: '/cases',
      profile: () => s.profileOf('assessor'),
      wait: (page) => page.locator('table.cases tbody tr').first().waitFor(),
    },
    { name: 'case-new', path: `/cases/new?employee=${s.employee}`, wait: (page) => page.locator('#badge option').nth(1).waitFor({ state: 'attached' }) },
    {
      name: 'self',
      path: `/cases/${draft}/self`,
      profile: () => s.profileOf('employee'),
      wait: (page) => page.locator('fieldset.levels input').first().waitFor(),
    },
    { name: 'self-summary', path: `/cases/${s.caseId}/self?step=7`, wait: (page) => page.locator('ol.summary li').first().waitFor() },
    {
      name: 'interview',
      path: `/cases/${s.caseId}/interview?criterion=${s.criteria[0]}`,
      wait: (page) => page.locator('.note-list li').first().waitFor(),
    },
    { name: 'compare', path: `/cases/${s.caseId}`, wait: (page) => page.locator('table.matrix tbody tr').first().waitFor() },
    { name: 'not-found', path: '/no-such-screen', wait: (page) => page.locator('main .panel').waitFor() },
  ];

  for (const lang of LANGS) {
    for (const screen of screens) {
      it(`${screen.name} in ${LABELS[lang]} has no serious or critical violations`, async () => {
        const backend = makeBackend({ data: s.data, language: lang, profile: screen.profile?.() ?? {} });
        const page = await openPage(browser, backend, screen.path);
        await ready(page);
        await screen.wait(page);
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
        await screenshot(page, `a11y-${screen.name}-${lang}`);
        assert.deepEqual(await axeProblems(page), []);
        await page.assertClean();
        await page.close();
      });
    }
  }

  // The window's smallest size is 900 px wide; Finnish and Swedish have the longest words.
  for (const lang of ['fi', 'sv']) {
    for (const screen of screens) {
      it(`${screen.name} in ${LABELS[lang]} fits a 900 px wide window without sideways scrolling`, async () => {
        const backend = makeBackend({ data: s.data, language: lang, profile: screen.profile?.() ?? {} });
        const page = await openPage(browser, backend, screen.path, { width: 900, height: 800 });
        await ready(page);
        await screen.wait(page);
        const { scroll, client } = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          client: document.documentElement.clientWidth,
        }));
        assert.ok(scroll <= client, `${screen.path} is ${scroll} px wide in a ${client} px window`);
        await screenshot(page, `${screen.name}-900px-${lang}`);
        await page.assertClean();
        await page.close();
      });
    }
  }
});
