// What a user sees in the app's window, read through WebDriver: the visible text, visible
// controls found by their labels, and waiting for texts to appear. Shared by the E2E test files.

/** What the UI shows for a LocalizedText in `lang` (the API's fallback: lang, fi, sv, en). */
export const shown = (text, lang) => text[lang] || text.fi || text.sv || text.en || '';
export const norm = (s) => s.replace(/\s+/g, ' ').trim();

/** The visible text of the page (innerText leaves out what is hidden). */
export const visibleText = async (s) => norm(await s.execute('return document.body ? document.body.innerText : ""'));

/**
 * In-page predicate: the element is laid out and not moved off-screen or clipped to a pixel,
 * as skip links and screen-reader-only text are.
 */
export const SHOWN = `const shown = (e) => {
  if (!e) return false;
  const r = e.getBoundingClientRect();
  return r.width > 1 && r.height > 1 && r.right > 0 && r.left > -1 && getComputedStyle(e).visibility !== 'hidden';
};`;

/**
 * Waits until every one of `texts` is visible on the page; returns the page text. Case is ignored,
 * as a reader ignores it: innerText gives headings styled in capitals ("KYSY") in capitals.
 */
export async function waitForTexts(s, what, texts, timeoutMs = 20_000) {
  let text = '';
  let missing = texts;
  const lower = (t) => norm(t).toLocaleLowerCase();
  try {
    await s.waitFor(
      what,
      async () => {
        text = await visibleText(s);
        const have = lower(text);
        missing = texts.filter((t) => !have.includes(lower(t)));
        return missing.length === 0;
      },
      { timeoutMs },
    );
  } catch (e) {
    e.message += `\nmissing: ${JSON.stringify(missing)}\npage text: ${text.slice(0, 1500)}`;
    throw e;
  }
  return text;
}

/** The origin the app's pages are served from (tauri://localhost on Linux; URL.origin is "null" for it). */
export async function origin(s) {
  const u = new URL(await s.url());
  return `${u.protocol}//${u.host}`;
}

/** Waits until the page has loaded and the app has rendered something to click. */
export async function waitForApp(s) {
  await s.waitFor('the app to render', () =>
    s.execute(`${SHOWN}
      return document.readyState === 'complete' && [...document.querySelectorAll('a[href], button')].some(shown);`),
  );
}

/** Starts recording Content-Security-Policy violations in the current document. */
export const watchCsp = (s) =>
  s.execute(`window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sample || '')));`);
/** The violations recorded since watchCsp. */
export const cspViolations = (s) => s.execute('return window.__cspViolations ?? ["not watching"]');

/** An XPath string literal for any text (quotes included). */
export function xpathString(s) {
  if (!s.includes("'")) return `'${s}'`;
  if (!s.includes('"')) return `"${s}"`;
  return `concat('${s.split("'").join(`', "'", '`)}')`;
}

/** The path of the current page, without a trailing slash ("/cases/ID/self"). */
export async function pathname(s) {
  return decodeURIComponent(new URL(await s.url()).pathname).replace(/(.)\/$/, '$1');
}

/**
 * Waits for the visible, enabled control a user would take for `name`: a button or link whose
 * text is `name` (or starts with it, for "Next →"), or a form control whose label, legend-less
 * <label> or aria-label is `name`. `within` (a CSS selector) narrows the search.
 */
export async function control(s, name, { within = 'body', exact = false, timeoutMs = 20_000 } = {}) {
  return s.waitFor(
    `a visible control "${name}"${within === 'body' ? '' : ` in ${within}`}`,
    async () => {
      const [el] = await s.execute(
        `${SHOWN}
        const [name, within, exact] = arguments;
        const norm = (t) => (t || '').replace(/\\s+/g, ' ').trim();
        const matches = (t) => { t = norm(t); return t === name || (!exact && (t.startsWith(name + ' ') || t.startsWith(name + '…'))); };
        const usable = (e) => shown(e) && !e.disabled && !e.closest('fieldset:disabled');
        const found = [];
        for (const root of document.querySelectorAll(within)) {
          for (const e of root.querySelectorAll('button, a[href], [role=button], summary')) {
            if (usable(e) && (matches(e.innerText) || matches(e.getAttribute('aria-label')))) found.push(e);
          }
          for (const l of root.querySelectorAll('label')) {
            const input = l.control;
            if (!input || input.disabled || input.closest('fieldset:disabled')) continue;
            const own = norm([...l.childNodes].filter((n) => n !== input).map((n) => n.textContent).join(' '));
            if (matches(own) && (shown(input) || shown(l))) found.push(input);
          }
        }
        return found.slice(0, 1);`,
        [name, within, exact],
      );
      return el;
    },
    { timeoutMs },
  );
}

/** Clicks the control named `name` (see `control`). */
export async function click(s, name, options) {
  const el = await control(s, name, options);
  await el.click();
  return el;
}

/**
 * Types `text` into the field labelled `name`, the way a user does: focus, keys, then leaves the
 * field with Tab (so the app's "saved when you leave the box" runs).
 */
export async function typeInto(s, name, text, { leave = true, ...options } = {}) {
  const el = await control(s, name, options);
  await el.click();
  await el.sendKeys(text);
  if (leave) await el.sendKeys('\uE004'); // Tab
  return el;
}

/** Chooses the <option> whose text is (or starts with) `optionText` in the <select> labelled `name`. */
export async function choose(s, name, optionText, options) {
  const select = await control(s, name, options);
  const [opt] = await s.execute(
    `const [sel, want] = arguments;
     const norm = (t) => (t || '').replace(/\\s+/g, ' ').trim();
     return [...sel.options].filter((o) => norm(o.textContent) === want || norm(o.textContent).startsWith(want + ' ')).slice(0, 1);`,
    [select, optionText],
  );
  if (!opt) {
    const all = await s.execute('return [...arguments[0].options].map((o) => o.textContent.trim())', [select]);
    throw new Error(`no option "${optionText}" in "${name}": ${JSON.stringify(all)}`);
  }
  await opt.click();
  await s.waitFor(`"${optionText}" chosen in "${name}"`, () => s.execute('return arguments[0].selected', [opt]));
}
