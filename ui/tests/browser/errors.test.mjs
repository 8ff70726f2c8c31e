// Refusals in the user's language: the back end sends a refusal's code with its English message;
// the screen says the code's sentence in the UI language and keeps the English message as a
// technical detail behind a disclosure. The IPC is answered by the real CLI with --error-json
// (fixtures.mjs), which prints the error the desktop app would reject with (code included) as
// JSON on stderr, so the code on the screen is the one osaava-api really sent.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assessed, caseSetup } from './cases-fixture.mjs';
import { axeProblems, chooseLanguage, makeBackend, norm, openPage, ready, screenshot, startBrowser } from './harness.mjs';
import { REPO_DIR } from './server.mjs';

const messages = (lang) => JSON.parse(readFileSync(join(REPO_DIR, 'ui', 'messages', `${lang}.json`), 'utf8'));
const sv = messages('sv');
const en = messages('en');

/** The answers the page got for `cmd`, refusals included. */
const refusals = (backend, cmd) => backend.calls.filter((c) => c.cmd === cmd).map((c) => c.answer);

/** Records each call's answer beside it (the harness records only the call). */
function recordAnswers(backend) {
  const handle = backend.handle.bind(backend);
  backend.handle = (cmd, args) => {
    const answer = handle(cmd, args);
    backend.calls.at(-1).answer = answer;
    return answer;
  };
  return backend;
}

describe('refusals in the user language', () => {
  let browser;

  before(async () => {
    browser = await startBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  it('says in Swedish that a rating needs a rationale, with the English message only behind "details"', async () => {
    const s = caseSetup('err-rating-sv');
    const [c0] = s.criteria;
    const backend = recordAnswers(makeBackend({ data: s.data, language: 'sv', profile: s.profileOf('assessor') }));
    const page = await openPage(browser, backend, `/cases/${s.caseId}/interview?criterion=${c0}`);
    await ready(page);

    await page.getByRole('radio', { name: sv.rating_meets, exact: true }).check();
    const status = page.locator('#rationale-status');
    await status.locator('.said').waitFor();

    // The back end refused with the code, and nothing was stored.
    const [answer] = refusals(backend, 'rate');
    assert.equal(answer.ok, false);
    assert.equal(answer.error.code, 'rating-needs-rationale');
    assert.match(answer.error.message, /needs a rationale/);
    assert.equal(s.show().ratings.length, 0, 'no rating stored');

    // Swedish on the screen: "not saved yet", the sentence, and nothing of the English message.
    const shown = norm(await status.innerText());
    assert.ok(shown.includes(sv.not_saved), shown);
    assert.ok(shown.includes(sv.error_code_rating_needs_rationale), shown);
    assert.ok(!shown.includes('needs a rationale'), `the English message is hidden: ${shown}`);
    assert.equal(await status.locator('.said').getAttribute('lang'), null, 'the sentence is in the page language');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'sv');
    const detail = status.locator('details.technical');
    assert.equal(await detail.locator('summary').innerText(), sv.error_code_technical_details);
    const english = detail.locator('[lang=en]');
    assert.equal(await english.isVisible(), false, 'the English detail is closed');
    assert.deepEqual(await axeProblems(page), []);
    await screenshot(page, 'errors-rating-sv');

    // Opened, the detail shows the back end's English message, marked as English.
    await detail.locator('summary').click();
    assert.equal(await english.isVisible(), true);
    assert.match(norm(await english.innerText()), /a rating of meets for criterion .* needs a rationale/);
    await screenshot(page, 'errors-rating-sv-details');

    // Switching the language says the same refusal in English, from the same code.
    await chooseLanguage(page, 'en');
    await status.getByText(en.error_code_rating_needs_rationale).waitFor();

    // With a rationale the rating saves and the refusal is gone.
    await page.getByLabel(en.interview_rationale).fill('Beskrev nödsamtalet steg för steg.');
    await page.getByLabel(en.interview_rationale).blur();
    const deadline = Date.now() + 8000;
    while (!s.show().ratings.some((r) => r.criterion === c0)) {
      if (Date.now() > deadline) assert.fail('the rating was not saved with its rationale');
      await page.waitForTimeout(100);
    }
    await status.locator('.said').waitFor({ state: 'detached' });
    await page.assertClean();
    await page.close();
  });

  it('says in Swedish in the error notice that a decision against the suggestion needs a justification', async () => {
    const s = assessed('err-decide-sv');
    const backend = recordAnswers(makeBackend({ data: s.data, language: 'sv', profile: s.profileOf('assessor') }));
    const page = await openPage(browser, backend, `/cases/${s.caseId}`);
    await ready(page);
    // The suggestion is "partially recognised"; "not yet" without a justification differs from it.
    await page.getByRole('radio', { name: new RegExp(`^${sv.decision_not_yet}`) }).check();
    await page.getByRole('button', { name: sv.compare_record }).click();
    await page.getByRole('button', { name: sv.compare_confirm_yes }).click();
    const notice = page.getByRole('alert').filter({ hasText: sv.compare_decide_failed });
    await notice.waitFor();

    const [answer] = refusals(backend, 'decide');
    assert.equal(answer.error.code, 'decision-needs-justification');
    assert.equal(s.show().case.state, 'assessed', 'not decided');

    const shown = norm(await notice.innerText());
    assert.ok(shown.includes(sv.error_code_decision_needs_justification), shown);
    assert.ok(shown.includes(sv.compare_decide_failed_help), shown);
    assert.ok(!shown.includes('needs a justification'), `the English message is hidden: ${shown}`);
    const english = notice.locator('details.technical [lang=en]');
    assert.equal(await english.isVisible(), false);
    await notice.locator('details.technical summary').click();
    assert.match(norm(await english.innerText()), /deciding not-yet needs a justification/);
    assert.deepEqual(await axeProblems(page), []);
    await screenshot(page, 'errors-decide-sv');
    await page.assertClean();
    await page.close();
  });

  it('shows an error without a code as the back end said it, in English, with no details to open', async () => {
    const s = caseSetup('err-uncoded');
    const backend = makeBackend({
      data: s.data,
      language: 'sv',
      profile: s.profileOf('assessor'),
      fail: { pause_interview: { kind: 'bad-input', message: 'something this UI has no sentence for' } },
    });
    // The interview must be running for the pause button; a note starts it.
    s.data.run(['interview', 'note', s.caseId, '--criterion', s.criteria[0], '--text', 'Kertoi.']);
    const page = await openPage(browser, backend, `/cases/${s.caseId}/interview?criterion=${s.criteria[0]}`);
    await ready(page);
    await page.getByRole('button', { name: sv.interview_pause }).click();
    const notice = page.getByRole('alert').filter({ hasText: sv.interview_pause_failed });
    await notice.waitFor();
    assert.equal(await notice.locator('p.message[lang=en]').innerText(), 'something this UI has no sentence for');
    assert.equal(await notice.locator('details').count(), 0);
    await page.assertClean();
    await page.close();
  });
});
