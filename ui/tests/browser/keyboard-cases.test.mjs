// The case screens by keyboard alone: Tab, arrows, Space and Enter reach and work every control
// needed to choose a role, self-assess and interview, and the focus is always visible.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { caseSetup } from './cases-fixture.mjs';
import { makeBackend, openPage, ready, startBrowser } from './harness.mjs';

async function until(check, what, timeout = 8000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What has the focus: tag, type, name, id and its text, and whether a focus outline shows. */
const focused = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      type: el.getAttribute('type'),
      name: el.getAttribute('name'),
      id: el.id,
      text: (el.innerText || el.value || '').trim().slice(0, 80),
      outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    };
  });

/** Presses Tab until `match(focused)` holds; fails after `max` presses. */
async function tabTo(page, match, what, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f && match(f)) {
      assert.ok(f.outline, `the focus on ${what} is visible`);
      return f;
    }
  }
  assert.fail(`Tab never reached ${what}`);
}

describe('keyboard only', () => {
  let browser;

  before(async () => {
    browser = await startBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  it('chooses a role and a person on the start screen', async () => {
    const s = caseSetup('kb-start');
    const backend = makeBackend({ data: s.data });
    const page = await openPage(browser, backend, '/');
    await ready(page);
    await tabTo(page, (f) => f.name === 'role', 'the first role');
    await page.keyboard.press('Space');
    await page.getByRole('heading', { name: 'Kuka arvioijista olet?' }).waitFor();
    await tabTo(page, (f) => f.id === 'who-search', 'the name search');
    await page.keyboard.type('aino');
    await page.getByRole('radio', { name: 'Aino Arvioija' }).waitFor();
    await tabTo(page, (f) => f.name === 'person', 'the person');
    await page.keyboard.press('Space');
    await tabTo(page, (f) => f.tag === 'button' && f.text === 'Jatka', 'Continue');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/cases');
    await page.assertClean();
    await page.close();
  });

  it('self-assesses a criterion and moves on', async () => {
    const s = caseSetup('kb-self');
    const backend = makeBackend({ data: s.data, profile: s.profileOf('employee') });
    const page = await openPage(browser, backend, `/cases/${s.caseId}/self`);
    await ready(page);
    await tabTo(page, (f) => f.type === 'radio' && f.name?.startsWith('level-'), 'the scale');
    // Arrows move along the scale and choose: 1 → 2 → 3.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await until(() => s.show().self_assessment.entries[0]?.level === 3, 'level 3 chosen by arrows');
    await tabTo(page, (f) => f.id === 'example', 'the example');
    await page.keyboard.type('Hoidin kaatuneen asukkaan ja soitin apua.');
    await tabTo(page, (f) => f.id === 'self-evidence-kind', 'the evidence form');
    await until(() => s.show().self_assessment.entries[0]?.example === 'Hoidin kaatuneen asukkaan ja soitin apua.', 'the example saved');
    await tabTo(page, (f) => f.tag === 'a' && f.text.startsWith('Seuraava kriteeri'), 'Next');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/self?step=2');
    await until(async () => (await focused(page))?.id === 'step-heading', 'the focus on the new step');
    await page.assertClean();
    await page.close();
  });

  it('writes a note and rates in the interview', async () => {
    const s = caseSetup('kb-interview');
    const backend = makeBackend({ data: s.data, profile: s.profileOf('assessor') });
    const c = s.criteria[2];
    const page = await openPage(browser, backend, `/cases/${s.caseId}/interview?criterion=${c}`);
    await ready(page);
    await tabTo(page, (f) => f.id === 'note', 'the note');
    await page.keyboard.type('Näytti kylkiasennon.');
    await tabTo(page, (f) => f.type === 'radio' && f.name === `rating-${c}`, 'the rating');
    await until(() => s.show().notes.some((n) => n.text === 'Näytti kylkiasennon.'), 'the note saved on leaving it');
    await page.keyboard.press('Space');
    await tabTo(page, (f) => f.id === 'rationale', 'the rationale');
    await page.keyboard.type('Osasi kylkiasennon ja vierasesineen poiston.');
    await page.keyboard.press('Tab');
    await until(() => s.show().ratings.find((r) => r.criterion === c)?.rationale === 'Osasi kylkiasennon ja vierasesineen poiston.', 'the rating saved');
    assert.equal(s.show().ratings.find((r) => r.criterion === c).rating, 'meets');
    await page.assertClean();
    await page.close();
  });
});
