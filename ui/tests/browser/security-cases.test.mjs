// Text from users is text: names, examples, notes, rationales, justifications and file names
// holding <script> and <img onerror> are shown literally on every case screen and create no
// element, run nothing and open no dialog (under the desktop app's CSP).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { caseSetup } from './cases-fixture.mjs';
import { HOSTILE_NAME, writeFile } from './fixtures.mjs';
import { makeBackend, norm, openPage, ready, screenshot, startBrowser, visibleText } from './harness.mjs';

const NOTE = 'Muistiinpano <script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';
const HOSTILE_ASSESSOR = 'Arvioija <svg onload="window.__pwned=3"></svg>';

const injected = (page) =>
  page.evaluate(() => ({
    imgs: document.querySelectorAll('main img').length,
    svgs: [...document.querySelectorAll('main svg')].length,
    scripts: [...document.querySelectorAll('script')].filter((s) => s.textContent.includes('__pwned')).length,
    pwned: '__pwned' in window,
  }));

describe('hostile texts on the case screens', () => {
  let browser;
  const s = caseSetup('hostile-cases', { employeeName: HOSTILE_NAME, assessorName: HOSTILE_ASSESSOR });
  const [c0, c1] = s.criteria;
  s.data.run(['self-assess', s.caseId, '--criterion', c0, '--level', '3', '--example', NOTE]);
  const file = writeFile('lausunto <img src=x onerror=alert(1)>.txt', 'Lausunto.\n');
  s.data.run(['evidence', 'add', s.caseId, '--file', file, '--kind', 'third-party', '--criteria', c0, '--author', '<b>esihenkilö</b>', '--note', NOTE]);
  s.data.run(['interview', 'note', s.caseId, '--criterion', c0, '--text', NOTE]);
  s.data.run(['rate', s.caseId, '--criterion', c0, '--rating', 'meets', '--rationale', NOTE]);
  s.data.run(['rate', s.caseId, '--criterion', c1, '--rating', 'does-not-meet', '--rationale', NOTE]);

  before(async () => {
    browser = await startBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  const screens = [
    ['people', '/people', [HOSTILE_NAME, HOSTILE_ASSESSOR]],
    ['person', `/people/${s.employee}`, [HOSTILE_NAME, HOSTILE_ASSESSOR]],
    ['cases', '/cases?view=all', [HOSTILE_NAME, HOSTILE_ASSESSOR]],
    ['self', `/cases/${s.caseId}/self`, [HOSTILE_NAME, NOTE, 'lausunto <img src=x onerror=alert(1)>.txt', '<b>esihenkilö</b>']],
    ['interview', `/cases/${s.caseId}/interview?criterion=${c0}`, [HOSTILE_NAME, HOSTILE_ASSESSOR, NOTE]],
    ['compare', `/cases/${s.caseId}`, [HOSTILE_NAME, NOTE, 'lausunto <img src=x onerror=alert(1)>.txt']],
  ];

  for (const [name, path, literals] of screens) {
    it(`${name} shows the texts literally`, async () => {
      const backend = makeBackend({ data: s.data, profile: { role: 'admin' } });
      const page = await openPage(browser, backend, path);
      await ready(page);
      await page.waitForTimeout(600);
      if (name === 'self') await page.getByLabel('Esimerkki työstäsi').waitFor();
      const text = await visibleText(page);
      const fields = await page.evaluate(() => [...document.querySelectorAll('textarea')].map((t) => t.value));
      for (const literal of literals) {
        assert.ok(text.includes(norm(literal)) || fields.includes(literal), `${name} shows ${literal}`);
      }
      await page.waitForTimeout(300);
      assert.deepEqual(await injected(page), { imgs: 0, svgs: 0, scripts: 0, pwned: false });
      await screenshot(page, `hostile-${name}`);
      await page.assertClean();
      await page.close();
    });
  }
});
