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

  it('keeps the criterion on screen and the list order while saving; "next" closes the panels and focuses the heading', async () => {
    // Every criterion self-assessed except criterion 4, and a statement linked to criterion 6 only
    // (which does not take statements): criterion 4 lacks both, so the guide puts it first, and
    // linking the statement to it makes the guide rank it back among the others in badge order.
    const s = caseSetup('iv-pinned');
    const [c0, c1, c2, c3, , c5] = s.criteria;
    for (const c of s.criteria) if (c !== c3) s.data.run(['self-assess', s.caseId, '--criterion', c, '--level', '3']);
    const file = writeFile('esihenkilön lausunto.txt', 'Toimi ensiaputilanteessa ohjeen mukaan.\n');
    s.data.run(['evidence', 'add', s.caseId, '--file', file, '--kind', 'third-party', '--criteria', c5, '--author', 'esihenkilö']);
    // Criterion 1 is rated already: "next" passes it by.
    s.data.run(['rate', s.caseId, '--criterion', c0, '--rating', 'meets', '--rationale', 'Kuvasi tilanteen.']);
    const guideOrder = () => s.data.run(['interview', 'guide', s.caseId]).questions.map((x) => x.criterion);
    const first = guideOrder();
    assert.equal(first[0], c3, 'the guide puts criterion 4 first');
    const backend = makeBackend({ data: s.data, profile: s.profileOf('assessor') });
    const page = await openPage(browser, backend, `/cases/${s.caseId}/interview`);
    await ready(page);

    const heading = () => page.locator('#criterion-heading').innerText().then(norm);
    const listOrder = () => page.locator('nav.criteria-nav a').evaluateAll((as) => as.map((a) => new URLSearchParams(a.getAttribute('href').slice(1)).get('criterion')));
    const current = () => page.locator('nav.criteria-nav a[aria-current=step]').getAttribute('href');
    /** Runs `act` and waits until the screen has reloaded the guide after it. */
    const andReload = async (act) => {
      const loads = backend.called('interview_guide').length;
      await act();
      await until(() => backend.called('interview_guide').length > loads, 'the guide reloaded');
      await page.waitForTimeout(300);
    };
    assert.equal(await heading(), 'Kriteeri 4 Pakollinen');
    assert.deepEqual(await listOrder(), first, 'the list in the guide order at first');

    // Link the statement: the guide now ranks criterion 4 elsewhere, but the screen stays.
    await andReload(async () => {
      await page.getByText('Liitä muuta näyttöä tähän kriteeriin').click();
      await page.getByRole('checkbox', { name: 'esihenkilön lausunto.txt' }).check();
    });
    assert.deepEqual(s.show().evidence[0].criteria.toSorted(), [c5, c3].toSorted());
    assert.notDeepEqual(guideOrder(), first, 'the back end re-ranked the criteria');
    assert.equal(await heading(), 'Kriteeri 4 Pakollinen', 'still on criterion 4 after linking evidence');
    assert.deepEqual(await listOrder(), first, 'the list order unchanged after linking evidence');
    await page.locator('.employee .evidence-list li', { hasText: 'esihenkilön lausunto.txt' }).waitFor();

    // A note, then a rating with its rationale: still criterion 4, the list as it was.
    await andReload(async () => {
      await page.getByLabel('Uusi muistiinpano').fill('Kertoi kaatuneen asukkaan hoidosta.');
      await page.keyboard.press('Tab');
      await until(() => s.show().notes.some((n) => n.criterion === c3), 'the note saved');
    });
    assert.equal(await heading(), 'Kriteeri 4 Pakollinen', 'still on criterion 4 after a note');
    await page.getByLabel('Perustelu').fill('Tunnisti tilanteet ja toimi oikein.');
    await andReload(async () => {
      await page.getByRole('radio', { name: 'Täyttyy', exact: true }).check();
      await until(() => s.show().ratings.some((r) => r.criterion === c3), 'the rating saved');
    });
    await page.locator('nav.criteria-nav a[aria-current=step]', { hasText: 'Täyttyy' }).waitFor();
    assert.equal(await heading(), 'Kriteeri 4 Pakollinen', 'still on criterion 4 after rating');
    assert.deepEqual(await listOrder(), first, 'the list order unchanged after a note and a rating');
    assert.equal(await current(), `?criterion=${encodeURIComponent(c3)}`);
    await screenshot(page, 'interview-pinned-fi');

    // Next: criterion 1 (next in the list) is rated, so criterion 2; the evidence panel closes.
    await page.getByText('Lisää näyttö (havainto, vastaus, tiedosto)').click();
    assert.equal(await page.locator('details.add-evidence').evaluate((d) => d.open), true);
    const next = page.getByRole('button', { name: 'Seuraava arvioimaton: kriteeri 2' });
    assert.equal(first.indexOf(c1), first.indexOf(c0) + 1, 'criterion 2 comes after criterion 1 in the list');
    await next.click();
    await page.waitForURL(`**/interview?criterion=${c1}`);
    assert.equal(await heading(), 'Kriteeri 2 Pakollinen');
    assert.equal(await page.locator('details.add-evidence').evaluate((d) => d.open), false, 'the evidence panel closed');
    await until(() => page.evaluate(() => document.activeElement?.id === 'criterion-heading'), 'focus on the new heading');
    assert.deepEqual(await listOrder(), first);
    await screenshot(page, 'interview-next-fi');

    // Choosing from the list does the same.
    await page.getByText('Lisää näyttö (havainto, vastaus, tiedosto)').click();
    await page.locator('nav.criteria-nav a', { hasText: 'Kriteeri 3' }).click();
    await page.waitForURL(`**/interview?criterion=${c2}`);
    assert.equal(await heading(), 'Kriteeri 3 Pakollinen');
    assert.equal(await page.locator('details.add-evidence').evaluate((d) => d.open), false, 'the evidence panel closed');
    await until(() => page.evaluate(() => document.activeElement?.id === 'criterion-heading'), 'focus on the heading');
    // The case tab again (no criterion in the address): the screen stays where it is.
    await page.getByRole('navigation', { name: 'Arvioinnin osat' }).getByRole('link', { name: /Haastattelu/ }).click();
    await page.waitForURL(`**/cases/${s.caseId}/interview`);
    assert.equal(await heading(), 'Kriteeri 3 Pakollinen', 'the tab does not move the assessor');
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
