// Issue #5's end-to-end flow on the real desktop app and a fresh data dir, in Finnish, the way its
// users do it: people are added on the People screen; the employee picks their role on the start
// screen, opens a case for a starter badge, self-assesses it and adds one evidence file through the
// native file dialog; the assessor interviews and rates every criterion, leaving one gap; the
// comparison shows the gap, the discrepancy and a learning path; the assessor closes the gap and
// decides; the statement is issued, saved and verified in the college role, and a tampered copy is
// shown as invalid.
//
// The test reads what a user sees (visible texts, states, the controls' labels). The texts come
// from the UI's own catalogue (ui/messages/fi.json) and the expected values (the badge, its criteria,
// the learning path) from the osaava CLI reading the same data dir, so nothing here restates the
// starter library. Each step saves screenshots as test-artifacts/e2e/flow-NN-*.png.
//
// Run: node --test --test-reporter=spec tests/e2e/flow.test.mjs
//      (after `npm --prefix ui run build` and `cargo build -p osaava-desktop -p osaava-cli`)

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  APP,
  CLI,
  claimArtifacts,
  cli,
  freshDataDir,
  leftovers,
  openApp,
  pickFileInDialog,
  removeDir,
  ROOT,
  saveFileInDialog,
  screenshot,
  startDriver,
  startXvfb,
  stopAll,
} from './harness.mjs';
import { choose, click, control, norm, pathname, shown, typeInto, visibleText, waitForApp, waitForTexts } from './page.mjs';

claimArtifacts('flow-');

const LANG = 'fi';
const TIMEOUT = { timeout: 240_000 };
const BADGE = 'osaava-safety-and-violence-prevention';

// ---- The UI's own words ------------------------------------------------------------------------
const MESSAGES = JSON.parse(readFileSync(join(ROOT, 'ui', 'messages', `${LANG}.json`), 'utf8'));
/** The UI's text for `key` with its {params} filled in, as the screen shows it. */
function t(key, params = {}) {
  const text = MESSAGES[key];
  assert.equal(typeof text, 'string', `ui/messages/${LANG}.json has no plain text "${key}"`);
  return text.replace(/\{(\w+)\}/g, (_, k) => {
    assert.ok(k in params, `"${key}" needs {${k}}`);
    return String(params[k]);
  });
}
const LEVEL = { 1: 'level_1', 2: 'level_2', 3: 'level_3', 4: 'level_4', unsure: 'level_unsure' };
/** The label of a self-assessment level as the wizard shows it ("3 Osaan itsenäisesti"). */
const levelLabel = (l) => (l === 'unsure' ? t(LEVEL[l]) : `${l} ${t(LEVEL[l])}`);
/** A level as the interview and the comparison show it ("3 – Osaan itsenäisesti"). */
const levelShort = (l) => (l === 'unsure' ? t(LEVEL[l]) : `${l} – ${t(LEVEL[l])}`);
const RATING = { meets: 'rating_meets', 'partially-meets': 'rating_partially_meets', 'does-not-meet': 'rating_does_not_meet' };

// ---- The people and the plan -------------------------------------------------------------------
const EMPLOYEE = { name: 'Sanni Äijälä', title: 'lähihoitaja' };
const ASSESSOR = { name: 'Päivi Mäkelä', title: 'sairaanhoitaja, arvioija' };
/** The employee's self-assessment per criterion number; 3 ("on my own") is what a criterion asks. */
const SELF = { 1: 3, 2: 4, 3: 3, 4: 2, 5: 3, 6: 'unsure' };
/** The criterion the assessor rates "does not meet" in the interview: self 3, so a discrepancy too. */
const GAP = 3;
const EVIDENCE_FILE = 'tyotodistus-osastonhoitaja.pdf';
/** The organisation that issues statements, with a business ID whose check digit is right. */
const ORG = { name: 'Järvilaakson hyvinvointialue', businessId: '1234567-1' };
const PASSPHRASE = 'Kevät-2026 lumikko ja höyläpenkki';
const SAVED_PDF = 'lausunto-sanni-aijala.pdf';
const TAMPERED_PDF = 'lausunto-sanni-aijala-muokattu.pdf';

/** `date` as the Finnish date field takes it when typed (dd.mm.yyyy) and as ISO. */
function day(offsetDays) {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  const p = (n) => String(n).padStart(2, '0');
  return { typed: `${p(d.getDate())}.${p(d.getMonth() + 1)}.${d.getFullYear()}`, iso: `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}` };
}

/** A one-page PDF with a few lines of text (ASCII), written by hand with a correct xref table. */
function onePagePdf(lines) {
  const text = lines.map((l, i) => `BT /F1 12 Tf 72 ${760 - i * 18} Td (${l.replace(/[()\\]/g, '\\$&')}) Tj ET`).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(text)} >>\nstream\n${text}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

describe('Issue #5 end to end: employee, assessor and college on one data dir', () => {
  let x;
  let driver;
  let s; // the WebDriver session
  let dataDir;
  let files; // a temp dir for the evidence file and the saved statements
  let badge; // `osaava badges show` of the badge
  let caseId;
  let failed = false;
  const procs = [];

  /** Runs a step only if every step before it passed (a later step depends on the earlier ones). */
  const step = (name, fn) =>
    it(name, TIMEOUT, async (tc) => {
      if (failed) return tc.skip('an earlier step failed');
      try {
        await fn(tc);
      } catch (e) {
        failed = true;
        await screenshot(s, 'FAILED').catch(() => {});
        throw e;
      }
    });

  const criterionText = (n) => shown(badge.criteria[n - 1].text, LANG);
  const isMandatory = (n) => badge.criteria[n - 1].mandatory !== false;

  /** Waits for a page whose path is `path` (a string or a RegExp) and whose texts include `texts`. */
  async function onPage(path, texts = [], what = `the page ${path}`) {
    await s.waitFor(`${what} (path)`, async () => {
      const p = await pathname(s);
      return typeof path === 'string' ? p === path : path.test(p);
    });
    return waitForTexts(s, what, texts);
  }

  /** Scrolls the element matching `css` (first visible) into view, for a screenshot of that part. */
  const scrollTo = (css) =>
    s.execute(`const e = document.querySelector(arguments[0]); if (e) e.scrollIntoView({ block: 'start' }); window.scrollBy(0, -8);`, [css]);

  const scrollTop = () => s.execute('window.scrollTo(0, 0)');

  /** The case header's state tag, as shown. */
  const caseState = () => s.execute(`const e = document.querySelector('.case-head .tag.state'); return e ? e.innerText.trim() : null;`);

  /** Waits until the case header shows the case in `state` (a state's name as shown). */
  const waitState = (state) => s.waitFor(`the case shown as "${state}"`, async () => (await caseState()) === state);

  /** Opens the <details> whose summary reads `summary` (a click on the summary, if it is closed). */
  async function openDetails(summary, options) {
    // Found afresh on each try: the screen may re-render the panel (e.g. after linking evidence).
    await s.waitFor(`"${summary}" open`, async () => {
      const el = await control(s, summary, options);
      if (await s.execute('return arguments[0].closest("details").open', [el])) return true;
      await el.click();
      return s.execute('return arguments[0].closest("details").open', [el]);
    });
  }

  /** Ticks the checkbox labelled `name` unless it is ticked already. */
  async function tick(name, options) {
    const box = await control(s, name, options);
    if (!(await box.property('checked'))) await box.click();
    await s.waitFor(`"${name}" ticked`, () => box.property('checked'));
  }

  /** Replaces the text of the field labelled `name` the way a user does: select all, type, leave. */
  async function retype(name, text, options) {
    const el = await control(s, name, options);
    await el.click();
    // Ctrl+A, then Control again to let go of it (WebKitWebDriver ignores the null key \uE000
    // there: the text would be typed with Control held), the text, Tab.
    await el.sendKeys(`\uE009a\uE009${text}`);
    assert.equal(await el.property('value'), text, `"${name}" holds only the new text`);
    await el.sendKeys('\uE004');
    return el;
  }

  /** Waits until the current criterion's evidence (beside the self-assessment) lists `text`. */
  const waitListed = (what, text) =>
    s.waitFor(what, () =>
      s.execute(`return [...document.querySelectorAll('.employee .evidence-list li')].some((li) => li.innerText.includes(arguments[0]))`, [text]),
    );

  /** The number of the criterion the interview shows ("Kriteeri 3" → 3). */
  const interviewCriterion = async () =>
    Number((await s.execute(`const h = document.querySelector('#criterion-heading'); return h ? h.innerText : ''`)).match(/\d+/)?.[0] ?? NaN);

  /**
   * The criterion the interview shows after "Next": another one than `from`, with the focus on its
   * heading (for keyboard users); returns its number.
   */
  async function nextCriterion(from) {
    await click(s, t('interview_next'), { within: '.step-nav' });
    const n = await s.waitFor(`a criterion after ${from}`, async () => {
      const k = await interviewCriterion();
      return k !== from && !Number.isNaN(k) && k;
    });
    await s.waitFor(`the focus on the heading of criterion ${n}`, () => s.execute(`return document.activeElement?.id === 'criterion-heading'`));
    return n;
  }

  /** Becomes `role` (and `person`) on the start screen, through the header's link to it. */
  async function becomeRole(roleKey, person) {
    // "Choose your role" on a device without one, "Change" once one is chosen.
    const link = await s.waitFor('the header link to the start screen', async () => {
      const [a] = await s.execute(
        `return [...document.querySelectorAll('.who a')].filter((a) => [arguments[0], arguments[1]].includes(a.innerText.trim()));`,
        [t('change_role'), t('choose_role')],
      );
      return a;
    });
    await link.click();
    await onPage('/', [t('start_role_question')], 'the start screen');
    await click(s, t(roleKey));
    if (person) {
      await waitForTexts(s, 'the people of this role', [person]);
      await click(s, person);
    }
    await click(s, t('start_continue'));
  }

  before(async () => {
    assert.ok(existsSync(APP), `${APP} is missing: run cargo build -p osaava-desktop`);
    assert.ok(existsSync(CLI), `${CLI} is missing: run cargo build -p osaava-cli`);
    dataDir = freshDataDir('flow');
    files = freshDataDir('flow-files');
    writeFileSync(
      join(files, EVIDENCE_FILE),
      onePagePdf(['Tyotodistus', '', 'Sanni Aijala on toiminut lahihoitajana kotihoidossa vuodesta 2019.', 'Han toimii uhkatilanteissa rauhallisesti ja ilmoittaa niista asianmukaisesti.', '', 'Osastonhoitaja']),
    );
    x = await startXvfb();
    procs.push(x.proc);
    driver = await startDriver({ name: 'driver', display: x.display, dataDir, lang: 'fi_FI.UTF-8' });
    procs.push(driver.proc);
    s = await openApp(driver);
    await waitForApp(s);
    badge = cli(dataDir, 'badges', 'show', BADGE);
    // The plan below fits this badge: check what it relies on, so a changed template says why.
    assert.equal(badge.criteria.length, Object.keys(SELF).length, `${BADGE}: criteria`);
    assert.ok(isMandatory(GAP), 'the gap is a mandatory criterion');
    assert.ok(badge.criteria[GAP - 1].evidence.kinds.includes('observation'), 'the gap can be closed by an observation');
  });

  after(async () => {
    if (s) await s.delete().catch(() => {});
    await stopAll();
    for (const d of [dataDir, files]) if (d) removeDir(d);
    assert.deepEqual(await leftovers(procs), [], 'processes left running after the flow');
  });

  step('1. adds an employee and an assessor on the People screen', async () => {
    await click(s, t('nav_people'));
    await onPage('/people', [t('people_title'), t('people_empty')], 'the empty People screen');
    for (const [p, role] of [
      [EMPLOYEE, 'role_employee'],
      [ASSESSOR, 'role_assessor'],
    ]) {
      await typeInto(s, t('person_name'), p.name, { within: '.add' });
      await choose(s, t('person_role'), t(role), { within: '.add' });
      await typeInto(s, t('person_title'), p.title, { within: '.add' });
      await click(s, t('person_add_button'), { within: '.add' });
      // The new person's page: their name, role and title.
      await onPage(/^\/people\/[^/]+$/, [p.name, t(role), p.title], `${p.name}'s page`);
      await click(s, `← ${t('back_to_people')}`);
    }
    const text = await onPage('/people', [EMPLOYEE.name, ASSESSOR.name, t('people_count', { count: 2 })], 'both people in the list');
    assert.ok(!text.includes(t('people_empty')), 'the empty state is gone');
    await screenshot(s, 'people');
  });

  step('2. the employee self-assesses the badge with one evidence file', async () => {
    await becomeRole('role_employee', EMPLOYEE.name);
    await onPage('/cases', [t('cases_mine_title'), EMPLOYEE.name], 'the employee\'s open cases');
    await click(s, t('cases_new_button'));
    const badgeName = shown(badge.name, LANG);
    await onPage('/cases/new', [t('case_new_title')], 'the new case form');
    // The employee on this device is chosen already; the badge and the assessor are picked.
    await s.waitFor('the employee preselected', async () => (await (await control(s, t('picker_choose'), { within: 'fieldset:has(#employee)' })).property('value')) !== '');
    await choose(s, t('case_badge'), badgeName);
    await choose(s, t('picker_choose'), `${ASSESSOR.name} – ${ASSESSOR.title}`, { within: 'fieldset:has(#assessor)' });
    await screenshot(s, 'new-case');
    await click(s, t('case_open_button'));

    // The wizard, one criterion at a time.
    const total = badge.criteria.length;
    await onPage(/^\/cases\/[^/]+\/self$/, [badgeName, t('self_step_of', { step: 1, total }), criterionText(1)], 'the self-assessment, step 1');
    caseId = (await pathname(s)).split('/')[2];
    for (let n = 1; n <= total; n++) {
      await waitForTexts(s, `step ${n}`, [t('self_step_of', { step: n, total }), criterionText(n)]);
      await click(s, levelLabel(SELF[n]));
      await typeInto(s, t('self_example_label'), `Esimerkki ${n}: viime syksynä kotikäynnillä huomasin tilanteen, toimin ohjeen mukaan ja kerroin siitä esihenkilölleni.`);
      await waitForTexts(s, `step ${n} saved`, [t('self_progress', { answered: n, total })]);
      await s.waitFor(`the example of step ${n} saved`, async () => (await visibleText(s)).includes(t('saved_at', { time: '' }).trim()));
      if (n === 1) {
        await scrollTo('#step-heading');
        await screenshot(s, 'self-step1');
        // One evidence file: a statement from the employee's manager, dated two months ago.
        const obtained = day(-60);
        await choose(s, t('evidence_kind'), t('evidence_third_party_statement'));
        const date = await typeInto(s, t('evidence_obtained'), obtained.typed, { leave: false });
        assert.equal(await date.property('value'), obtained.iso, 'the date field took the typed date');
        await typeInto(s, t('evidence_author'), 'Osastonhoitaja');
        await click(s, t('evidence_choose_files'));
        await pickFileInDialog(s, x.display, 'Lisää näyttö', join(files, EVIDENCE_FILE), 'evidence');
        await waitForTexts(s, 'the file added to criterion 1', [t('evidence_added', { count: 1 }), EVIDENCE_FILE, 'Osastonhoitaja']);
        await scrollTo('#evidence-heading');
        await screenshot(s, 'self-step1-evidence');
      }
      await click(s, n < total ? t('self_next') : t('self_to_summary'));
    }
    await waitForTexts(s, 'the summary', [t('self_summary_heading'), t('self_summary_complete'), t('self_progress', { answered: total, total })]);
    await click(s, t('self_submit'));
    await waitForTexts(s, 'the self-assessment sent', [t('self_readonly_heading'), t('self_closed_submitted')]);
    await waitState(t('state_self_assessment_submitted'));
    await scrollTop();
    await screenshot(s, 'self-submitted');
  });

  step('3. the assessor interviews and rates every criterion, leaving one gap', async () => {
    const badgeName = shown(badge.name, LANG);
    await becomeRole('role_assessor', ASSESSOR.name);
    await onPage('/cases', [t('cases_mine_title'), badgeName, EMPLOYEE.name], 'the assessor\'s open cases');
    await click(s, badgeName);
    await onPage(`/cases/${caseId}`, [t('compare_title'), EMPLOYEE.name], 'the case');
    await click(s, t('tab_interview'));
    await onPage(`/cases/${caseId}/interview`, [t('interview_ask'), t('interview_not_started')], 'the interview');
    await screenshot(s, 'interview-start');

    const total = badge.criteria.length;
    let answerNote = null; // the interview answer added once and linked where it counts
    const visited = [];
    for (let i = 1; i <= total; i++) {
      // The assessor starts where the screen opens (the weakest criterion first) and goes on with
      // "Next". Linking evidence, notes and ratings do not move the screen or reorder the list.
      const n = i === 1 ? await interviewCriterion() : await nextCriterion(visited.at(-1));
      assert.ok(!visited.includes(n), `criterion ${n} not visited before: ${visited}`);
      visited.push(n);
      const c = badge.criteria[n - 1];
      // The guide for this criterion beside the employee's own answer, as saved in step 2.
      await waitForTexts(s, `criterion ${n} with the self-assessment`, [
        criterionText(n),
        t('interview_ask'),
        t('interview_self_heading', { name: EMPLOYEE.name }),
        levelShort(SELF[n]),
        `Esimerkki ${n}:`,
      ]);

      const gap = n === GAP;
      await typeInto(s, t('interview_new_note'), gap ? 'Ei ole käyttänyt henkilöhälytintä eikä tunne hätätoimintoa.' : `Kertoi kriteeristä ${n} konkreettisen esimerkin omasta työstään.`);
      await waitForTexts(s, `the note of criterion ${n} saved`, [t('interview_notes_count', { count: 1 })]);

      // The employee's statement counts for every criterion that accepts one: link it here.
      const linkable = c.evidence.kinds.includes('third-party-statement');
      if (linkable && n !== 1) {
        await openDetails(t('interview_link_evidence'));
        await click(s, EVIDENCE_FILE, { within: '.link-list' });
      }
      if (linkable) await waitListed(`the file listed for criterion ${n}`, EVIDENCE_FILE);
      // What the file does not cover, an interview answer does (one item, linked to each criterion).
      const linked = linkable ? 1 : 0;
      if (c.evidence.min_items > linked) {
        assert.ok(c.evidence.kinds.includes('interview-answer') && c.evidence.min_items - linked === 1, `criterion ${n} fits the plan`);
        if (answerNote === null) {
          answerNote = 'Kuvasi haastattelussa yksityiskohtaisesti, miten rauhoitti uhkaavan tilanteen.';
          await openDetails(t('interview_add_evidence'));
          await choose(s, t('evidence_kind'), t('evidence_interview_answer'), { within: '.add-evidence' });
          await typeInto(s, t('evidence_obtained'), day(0).typed, { within: '.add-evidence', leave: false });
          await typeInto(s, t('evidence_note'), answerNote, { within: '.add-evidence' });
          await tick(t('evidence_verified_label'), { within: '.add-evidence' });
          await click(s, t('evidence_add_without_file'), { within: '.add-evidence' });
          await waitForTexts(s, `the interview answer added to criterion ${n}`, [t('evidence_added', { count: 1 })]);
        } else {
          await openDetails(t('interview_link_evidence'));
          await click(s, answerNote, { within: '.link-list' });
        }
        await waitListed(`the interview answer listed for criterion ${n}`, answerNote);
      }

      // The rating: the rationale first (it waits for the rating), then the rating, saved at once.
      const rating = gap ? 'does-not-meet' : 'meets';
      await typeInto(s, t('interview_rationale'), gap ? 'Turvallisuusvälineiden käyttö ei vielä hallussa.' : 'Esimerkki ja näyttö osoittavat kriteerin täyttyvän.');
      await click(s, t(RATING[rating]), { within: '.rating-choices', exact: true });
      await s.waitFor(`criterion ${n} rated in the list`, () =>
        s.execute(
          `const a = [...document.querySelectorAll('.criteria-nav a')].find((a) => a.getAttribute('aria-current') === 'step');
           return a && a.innerText.includes(arguments[0]);`,
          [t(RATING[rating])],
        ),
      );
      await waitForTexts(s, 'the rating saved', [t('interview_rated_count', { rated: i, total })]);
      if (gap) {
        await scrollTo('#notes-heading');
        await screenshot(s, `interview-gap-criterion-${n}`);
      }
    }
    await click(s, t('interview_finish'));
    await waitForTexts(s, 'the interview finished', [t('interview_finished')]);
    await waitState(t('state_assessed'));
    await scrollTop();
    await screenshot(s, 'interview-finished');
  });

  step('4. the comparison shows the gap, the discrepancy and a learning path', async () => {
    await click(s, t('interview_to_comparison'));
    const cmp = cli(dataDir, 'compare', caseId);
    assert.deepEqual(cmp.gaps, [badge.criteria[GAP - 1].id], 'the CLI sees the same one gap');
    assert.ok(cmp.learning_path.length > 0, 'the catalogue has a course for the gap');
    const courses = cmp.learning_path.map((p) => shown(p.title, LANG));
    const text = await onPage(
      `/cases/${caseId}`,
      [t('compare_suggestion'), t('compare_gaps', { criteria: String(GAP) }), ...courses, t('compare_path_total'), t('compare_self_higher')],
      'the comparison with the gap',
    );
    assert.ok(!text.includes(t('compare_no_gaps')), 'no "no gaps" while there is one');
    // The discrepancy is on the gap's row (self 3 against "does not meet"), and only there.
    const rows = await s.execute(`return [...document.querySelectorAll('table.matrix tbody tr')].map((r) => ({
      text: r.innerText.replace(/\\s+/g, ' '), discrepancy: r.classList.contains('discrepancy'), gap: r.classList.contains('gap') }))`);
    assert.equal(rows.length, badge.criteria.length, 'a matrix row per criterion');
    rows.forEach((r, i) => {
      const n = i + 1;
      assert.ok(r.text.startsWith(t('criterion_number', { number: n })), `row ${n}: ${r.text}`);
      assert.equal(r.text.includes(t('compare_self_higher')), n === GAP, `row ${n} discrepancy: ${r.text}`);
      assert.equal(r.discrepancy, n === GAP, `row ${n} highlighted`);
      assert.ok(r.text.includes(t(RATING[n === GAP ? 'does-not-meet' : 'meets'])), `row ${n} rating: ${r.text}`);
    });
    // Not recognisable yet: the suggestion says so, and the decision is the assessor's.
    assert.notEqual(cmp.suggestion, 'recognise');
    await scrollTo('.suggestion');
    await screenshot(s, 'comparison-suggestion');
    await scrollTo('#matrix-heading');
    await screenshot(s, 'comparison-matrix');
    await scrollTo('#path-heading');
    await screenshot(s, 'comparison-learning-path');
  });
  step('5. the assessor closes the gap, decides, and issues the statement', async () => {
    // The employee's statement is checked as authentic on the comparison.
    await onPage(`/cases/${caseId}`, [t('compare_evidence'), EVIDENCE_FILE], 'the comparison');
    const [box] = await s.execute(
      `const li = [...document.querySelectorAll('ul.evidence > li')].find((li) => li.innerText.includes(arguments[0]));
       return li ? [li.querySelector('input[type=checkbox]')] : [];`,
      [EVIDENCE_FILE],
    );
    assert.ok(box, 'the evidence file has an authenticity checkbox');
    await box.click();
    await s.waitFor('the file marked as checked', () => box.property('checked'));

    // Back in the interview, criterion 3: shown in practice, observed, noted and rated again.
    await click(s, t('tab_interview'));
    await onPage(`/cases/${caseId}/interview`, [t('interview_ask')], 'the interview');
    await click(s, t('criterion_number', { number: GAP }), { within: '.criteria-nav' });
    await s.waitFor(`criterion ${GAP} open`, async () => (await interviewCriterion()) === GAP);
    await waitForTexts(s, `criterion ${GAP} as rated`, [criterionText(GAP), t(RATING['does-not-meet'])]);
    const observed = 'Havainnoitu kotikäynnillä: testasi henkilöhälyttimen ja hälytti apua ohjeen mukaan.';
    await openDetails(t('interview_add_evidence'));
    await choose(s, t('evidence_kind'), t('evidence_observation'), { within: '.add-evidence' });
    await typeInto(s, t('evidence_obtained'), day(0).typed, { within: '.add-evidence', leave: false });
    await typeInto(s, t('evidence_note'), observed, { within: '.add-evidence' });
    await tick(t('evidence_verified_label'), { within: '.add-evidence' });
    await click(s, t('evidence_add_without_file'), { within: '.add-evidence' });
    await waitListed(`the observation listed for criterion ${GAP}`, observed);
    await typeInto(s, t('interview_new_note'), 'Harjoiteltiin hälytys yhdessä; osaa nyt hätätoiminnon ja milloin soitetaan 112.');
    await waitForTexts(s, 'the second note saved', [t('interview_notes_count', { count: 2 })]);
    await retype(t('interview_rationale'), 'Havainnoinnissa toimi ohjeen mukaan; puute korjattu.');
    await click(s, t(RATING.meets), { within: '.rating-choices', exact: true });
    await s.waitFor(`criterion ${GAP} rated "meets" in the list`, () =>
      s.execute(
        `const a = [...document.querySelectorAll('.criteria-nav a')].find((a) => a.getAttribute('aria-current') === 'step');
         return a && a.querySelector('.nav-state').innerText.trim() === arguments[0];`,
        [t(RATING.meets)],
      ),
    );
    // A new rating reopened the interview; it is finished again.
    await click(s, t('interview_finish'));
    await waitForTexts(s, 'the interview finished again', [t('interview_finished')]);

    // The comparison: no gap, "recognise" suggested; the decision is recorded after a confirmation.
    await click(s, t('interview_to_comparison'));
    await onPage(`/cases/${caseId}`, [`${t('compare_suggestion')}: ${t('suggestion_recognise')}`, t('compare_no_gaps')], 'the comparison without gaps');
    assert.ok(!(await visibleText(s)).includes(t('compare_self_higher')), 'no discrepancy is left');
    await click(s, t('decision_recognised'), { within: '.decision' });
    await typeInto(s, t('compare_justification'), 'Kaikki pakolliset kriteerit täyttyvät ajantasaisella, tarkistetulla näytöllä.');
    await click(s, t('compare_record'));
    await waitForTexts(s, 'the confirmation', [t('compare_confirm', { decision: t('decision_recognised') })]);
    await click(s, t('compare_confirm_yes'));
    await waitForTexts(s, 'the decision recorded', [t('compare_decided', { decision: t('decision_recognised') })]);
    await waitState(t('state_decided'));
    await scrollTop();
    await screenshot(s, 'decided');

    // The organisation and its keys, made in Settings.
    await click(s, t('nav_settings'));
    await onPage('/settings', [t('keys_title'), t('org_missing'), t('keys_none')], 'the settings without keys');
    await typeInto(s, t('org_name'), ORG.name);
    await typeInto(s, t('org_business_id'), ORG.businessId);
    await click(s, t('org_save'));
    await waitForTexts(s, 'the organisation saved', [t('org_saved'), ORG.name, `(${ORG.businessId})`]);
    await typeInto(s, t('keys_passphrase'), PASSPHRASE);
    await typeInto(s, t('keys_passphrase_again'), PASSPHRASE);
    await click(s, t('keys_create'));
    await waitForTexts(s, 'the keys created', [t('keys_created'), t('keys_mode_own'), t('keys_root_title')], 60_000);
    await scrollTo('#keys');
    await screenshot(s, 'settings-keys');

    // The statement: issued with the passphrase, previewed, and saved through the native dialog.
    // A decided case is no longer among the open ones: the assessor looks in all cases.
    await click(s, t('nav_cases'));
    await onPage('/cases', [t('cases_mine_title')], 'the assessor\'s open cases');
    await click(s, t('cases_show_all'));
    await waitForTexts(s, 'all cases', [t('cases_title'), shown(badge.name, LANG), t('state_decided')]);
    await click(s, shown(badge.name, LANG));
    await onPage(`/cases/${caseId}`, [t('compare_decided', { decision: t('decision_recognised') })], 'the decided case');
    await click(s, t('tab_statement'));
    await onPage(`/cases/${caseId}/statement`, [t('statement_issue_title'), t('statement_none_yet')], 'the statement screen');
    await typeInto(s, t('statement_place'), 'Tampere');
    await typeInto(s, t('statement_passphrase'), PASSPHRASE);
    await click(s, t('statement_issue_submit'));
    await waitForTexts(s, 'the statement issued', [t('statement_in_force_title'), t('statement_issued_ok'), t('statement_status_current'), t('decision_recognised')], 60_000);
    // The preview draws the signed PDF's first page.
    await s.waitFor(
      'the first page of the PDF drawn in the preview',
      () =>
        s.execute(`const c = document.querySelector('.preview-col canvas');
          if (!c || c.width < 100 || c.height < 100) return false;
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let ink = 0; for (let i = 0; i < d.length; i += 4 * 97) if (d[i] < 128) ink++;
          return ink > 20;`),
      { timeoutMs: 30_000 },
    );
    await scrollTop();
    await screenshot(s, 'statement-issued');
    await click(s, t('statement_save_as'), { within: '.in-force' });
    await saveFileInDialog(s, x.display, 'Tallenna lausunto', join(files, SAVED_PDF), 'statement-save');
    await waitForTexts(s, 'the statement saved', [t('statement_saved', { file: SAVED_PDF })]);
    assert.ok(readFileSync(join(files, SAVED_PDF)).subarray(0, 5).toString() === '%PDF-', 'a PDF was written');
  });

  step('6. in the college role, verifying the saved PDF shows it valid', async () => {
    await becomeRole('role_college');
    await onPage('/verify', [t('verify_title'), t('verify_empty'), t('trusted_own', { name: ORG.name })], 'the verification screen');
    await click(s, t('verify_choose'));
    await pickFileInDialog(s, x.display, 'Valitse tarkistettavat lausunnot', join(files, SAVED_PDF), 'verify');
    const text = await waitForTexts(
      s,
      'the statement verified',
      [SAVED_PDF, t('verify_valid'), t('verify_valid_lead'), EMPLOYEE.name, shown(badge.name, LANG), ASSESSOR.name, ORG.name, t('verify_summary', { valid: 1, total: 1 })],
      60_000,
    );
    assert.ok(!text.includes(t('verify_invalid')), 'nothing is shown as invalid');
    await screenshot(s, 'verify-valid');
  });

  step('7. a tampered copy is shown as invalid', async () => {
    // One byte changed inside the signed part of the file, as an edit in any PDF tool would.
    const bytes = readFileSync(join(files, SAVED_PDF));
    const at = Math.floor(bytes.length / 3);
    bytes[at] ^= 0x20;
    writeFileSync(join(files, TAMPERED_PDF), bytes);
    await click(s, t('verify_choose'));
    await pickFileInDialog(s, x.display, 'Valitse tarkistettavat lausunnot', join(files, TAMPERED_PDF), 'verify-tampered');
    const text = await waitForTexts(s, 'the tampered copy refused', [TAMPERED_PDF, t('verify_invalid'), t('verify_summary', { valid: 0, total: 1 })], 60_000);
    assert.ok(!text.includes(t('verify_valid_lead')), 'the tampered copy is not called valid');
    const reasons = await s.execute(`return [...document.querySelectorAll('.result .problems li')].map((li) => li.innerText.trim())`);
    assert.ok(reasons.length > 0, 'the reason is given in words');
    await screenshot(s, 'verify-tampered');
  });
});
