// The interview (/cases/ID/interview): the guide beside the employee's self-assessment and
// evidence; notes saved when the box is left, ratings at once with their rationale; pause and
// resume; evidence links; the elapsed time; nothing lost when the window closes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { caseSetup } from './cases-fixture.mjs';
import { writeFile } from './fixtures.mjs';
import { makeBackend, norm, openPage, ready, screenshot, sendWindow, startBrowser } from './harness.mjs';

async function until(check, what, timeout = 8000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A case with a self-assessment on the first criterion and one evidence file for it. */
function prepared(name, opts) {
  const s = caseSetup(name, opts);
  const [c0] = s.criteria;
  s.data.run(['self-assess', s.caseId, '--criterion', c0, '--level', '2', '--example', 'Soitin 112:een, kun asukas kaatui.']);
  const file = writeFile('työpaikkaohjaajan lausunto.txt', 'Maija toimi ohjeen mukaan.\n');
  s.data.run(['evidence', 'add', s.caseId, '--file', file, '--kind', 'third-party', '--criteria', c0, '--author', 'työpaikkaohjaaja']);
  return s;
}

describe('interview', () => {
  let browser;

  before(async () => {
    browser = await startBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  it('shows the question, probes and key points beside the self-assessment and the evidence', async () => {
    const s = prepared('iv-guide');
    const guide = s.data.run(['interview', 'guide', s.caseId]);
    const backend = makeBackend({ data: s.data, profile: s.profileOf('assessor') });
    const page = await openPage(browser, backend, `/cases/${s.caseId}/interview?criterion=${s.criteria[0]}`);
    await ready(page);
    const q = guide.questions.find((x) => x.criterion === s.criteria[0]);
    await page.getByText(q.question).waitFor();
    const guideText = norm(await page.locator('.guide').innerText());
    for (const p of [...q.probes, ...q.key_points]) assert.ok(guideText.includes(norm(p)), `shown: ${p}`);
    assert.equal(await page.locator('.guide').getAttribute('lang'), 'fi', 'the guide is in the case language');
    const employee = norm(await page.locator('.employee').innerText());
    assert.ok(employee.includes('2 – Osaan ohjattuna'), employee);
    assert.ok(employee.includes('Soitin 112:een, kun asukas kaatui.'), employee);
    assert.ok(employee.includes('työpaikkaohjaajan lausunto.txt'), employee);

    // The list on the left follows the guide's order (the weakest first).
    const nav = await page.locator('nav.criteria-nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(nav, guide.questions.map((x) => `?criterion=${encodeURIComponent(x.criterion)}`));
    await page.getByText('Haastattelu alkaa, kun tallennat ensimmäisen muistiinpanon tai arvion.').waitFor();
    await page.assertClean();
    await page.close();
  });

  it('saves a note when the box is left and a rating with its rationale; says what a rating lacks', async () => {
    const s = prepared('iv-notes');
    const [c0] = s.criteria;
    const backend = makeBackend({ data: s.data, profile: s.profileOf('assessor') });
    const page = await openPage(browser, backend, `/cases/${s.caseId}/interview?criterion=${c0}`);
    await ready(page);
    const note = 'Kertoi hätäpuhelusta <script>alert("x")</script> selkeästi.';
    await page.getByLabel('Uusi muistiinpano').fill(note);
    await page.waitForTimeout(400);
    assert.equal(backend.called('interview_note').length, 0, 'not saved while being written');
    await page.keyboard.press('Tab');
    await until(() => s.show().notes.some((n) => n.text === note), 'the note saved on leaving the box');
    await page.locator('.note-list li', { hasText: 'Kertoi hätäpuhelusta' }).waitFor();
    assert.equal(await page.getByLabel('Uusi muistiinpano').inputValue(), '', 'the box is empty for the next note');
    assert.equal(s.show().case.state, 'interview-in-progress', 'the first note started the interview');
    assert.equal(norm(await page.locator('.note-list li p.user-text').first().innerText()), norm(note));

    // The clock runs while the interview runs.
    const t0 = await page.locator('.time').innerText();
    await page.waitForTimeout(1600);
    assert.notEqual(await page.locator('.time').innerText(), t0, 'the elapsed time moves');

    // A rating without a rationale is refused by the back end; the screen says so.
    await page.getByRole('radio', { name: 'Täyttyy', exact: true }).check();
    await page.locator('#rationale-status', { hasText: 'Ei vielä tallennettu:' }).waitFor();
    assert.equal(s.show().ratings.length, 0);
    await page.getByLabel('Perustelu').fill('Kuvasi hätäpuhelun kulun ja aivoverenkiertohäiriön oireet.');
    await until(() => s.show().ratings.find((r) => r.criterion === c0)?.rationale?.startsWith('Kuvasi'), 'the rating saved');
    assert.equal(s.show().ratings[0].rating, 'meets');
    await page.locator('nav.criteria-nav a[aria-current=step]', { hasText: 'Täyttyy' }).waitFor();
    await page.locator('#rationale-status', { hasText: 'Tallennettu' }).waitFor();
    await screenshot(page, 'interview-fi');
    assert.equal(await page.evaluate(() => document.querySelectorAll('main script').length), 0);
    await page.assertClean();
    await page.close();
  });

  it('pauses and resumes, and moves to the next criterion saving the note being written', async () => {
    const s = prepared('iv-pause');
    const [c0] = s.criteria;
    s.data.run(['interview', 'note', s.caseId, '--criterion', c0, '--text', 'Aloitettiin.']);
    const guide = s.data.run(['interview', 'guide', s.caseId]);
    const first = guide.questions[0].criterion;
    const second = guide.questions[1].criterion;
    const backend = makeBackend({ data: s.data, profile: s.profileOf('assessor') });
    const page = await openPage(browser, backend, `/cases/${s.caseId}/interview`);
    await ready(page);
    await page.getByRole('button', { name: 'Keskeytä haastattelu' }).click();
    await page.getByText(/Haastattelu on tauolla/).waitFor();
    assert.equal(s.show().case.interview_paused, true);
    const stopped = await page.locator('.time').innerText();
    await page.waitForTimeout(1200);
    assert.equal(await page.locator('.time').innerText(), stopped, 'the clock stops while paused');
    await page.getByRole('button', { name: 'Jatka haastattelua' }).click();
    await page.getByRole('button', { name: 'Keskeytä haastattelu' }).waitFor();
    assert.equal(s.show().case.interview_paused, false);
    await page.getByText('Kerta 2').waitFor();

    await page.getByLabel('Uusi muistiinpano').fill('Siirrytään seuraavaan.');
    await page.getByRole('button', { name: /Seuraava kriteeri/ }).click();
    await page.waitForURL(`**/interview?criterion=${second}`);
    await until(() => s.show().notes.some((n) => n.criterion === first && n.text === 'Siirrytään seuraavaan.'), 'the note saved on moving on');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'criterion-heading', 'focus on the new criterion');
    await page.assertClean();
    await page.close();
  });

  it('links existing evidence to another criterion', async () => {
    const s = prepared('iv-link');
    const [c0, c1] = s.criteria;
    const backend = makeBackend({ data: s.data, profile: s.profileOf('assessor') });
    const page = await openPage(browser, backend, `/cases/${s.caseId}/interview?criterion=${c1}`);
    await ready(page);
    await page.getByText('Tähän kriteeriin ei ole liitetty näyttöä.').waitFor();
    await page.getByText('Liitä muuta näyttöä tähän kriteeriin').click();
    await page.getByRole('checkbox', { name: 'työpaikkaohjaajan lausunto.txt' }).check();
    await until(() => s.show().evidence[0].criteria.includes(c1), 'the link saved');
    assert.deepEqual(s.show().evidence[0].criteria, [c0, c1]);
    await page.locator('.employee .evidence-list li', { hasText: 'työpaikkaohjaajan lausunto.txt' }).waitFor();
    await page.assertClean();
    await page.close();
  });

  it('saves the note being written before the window closes', async () => {
    const s = prepared('iv-close');
    const [c0] = s.criteria;
    const backend = makeBackend({ data: s.data, profile: s.profileOf('assessor') });
    const page = await openPage(browser, backend, `/cases/${s.caseId}/interview?criterion=${c0}`);
    await ready(page);
    await page.getByLabel('Uusi muistiinpano').fill('Viimeinen ajatus ennen sulkemista.');
    await sendWindow(page, backend, { event: 'close-requested' });
    await until(() => backend.state.closed, 'close_window called');
    assert.ok(s.show().notes.some((n) => n.text === 'Viimeinen ajatus ennen sulkemista.'), 'the note was saved first');
    await page.assertClean();
    await page.close();
  });

  it('saves a note left behind as a draft when the screen opens again', async () => {
    const s = prepared('iv-leftover');
    const [c0] = s.criteria;
    const backend = makeBackend({ data: s.data, profile: s.profileOf('assessor') });
    const page = await openPage(browser, backend, `/cases/${s.caseId}/interview?criterion=${c0}`);
    await ready(page);
    await page.evaluate(([key, text]) => localStorage.setItem(key, text), [`osaava:draft:note:${s.caseId}:${c0}`, 'Kesken jäänyt muistiinpano.']);
    await page.reload();
    await ready(page);
    assert.equal(await page.getByLabel('Uusi muistiinpano').inputValue(), 'Kesken jäänyt muistiinpano.');
    // Leaving the screen saves it (as would 30 s of quiet, or the window closing).
    await page.getByRole('link', { name: 'Vertailuun' }).first().click();
    await until(() => s.show().notes.some((n) => n.text === 'Kesken jäänyt muistiinpano.'), 'the leftover note saved');
    await page.assertClean();
    await page.close();
  });
});
