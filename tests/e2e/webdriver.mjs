// A tiny W3C WebDriver client (https://www.w3.org/TR/webdriver2/) over Node's global fetch:
// just the endpoints the desktop E2E needs. No dependencies.

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export class WebDriverError extends Error {
  constructor(method, path, status, value) {
    super(`${method} ${path} -> ${status} ${value?.error ?? ''}: ${value?.message ?? JSON.stringify(value)}`);
    this.status = status;
    this.error = value?.error;
  }
}

async function request(base, method, path, body, timeoutMs = 60_000) {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WebDriverError(method, path, res.status, { error: 'not json', message: text.slice(0, 500) });
  }
  if (!res.ok || (json.value && json.value.error)) throw new WebDriverError(method, path, res.status, json.value);
  return json.value;
}

/** Waits until `url` answers any HTTP request (the driver is listening). */
export async function waitForServer(url, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      await fetch(url + '/status', { signal: AbortSignal.timeout(2000) });
      return;
    } catch (e) {
      last = e;
      await sleep(100);
    }
  }
  throw new Error(`WebDriver server at ${url} did not come up in ${timeoutMs} ms: ${last}`);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Creates a session; `capabilities` goes into `alwaysMatch`. */
export async function newSession(base, capabilities) {
  const value = await request(base, 'POST', '/session', { capabilities: { alwaysMatch: capabilities } }, 120_000);
  return new Session(base, value.sessionId);
}

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  cmd(method, path, body) {
    return request(this.base, method, `/session/${this.id}${path}`, body);
  }

  // Navigation
  url() {
    return this.cmd('GET', '/url');
  }
  navigate(url) {
    return this.cmd('POST', '/url', { url });
  }
  title() {
    return this.cmd('GET', '/title');
  }

  // Elements
  async find(using, value) {
    return new Element(this, (await this.cmd('POST', '/element', { using, value }))[ELEMENT]);
  }
  async findAll(using, value) {
    return (await this.cmd('POST', '/elements', { using, value })).map((e) => new Element(this, e[ELEMENT]));
  }
  css(selector) {
    return this.findAll('css selector', selector);
  }
  xpath(expr) {
    return this.findAll('xpath', expr);
  }

  // Scripts: `script` is a function body; `arguments` holds `args` (elements as Element).
  async execute(script, args = []) {
    return fromWire(this, await this.cmd('POST', '/execute/sync', { script, args: args.map(toWire) }));
  }

  /** Like `execute`, but the script calls `arguments[arguments.length - 1](result)` when done. */
  async executeAsync(script, args = []) {
    return fromWire(this, await this.cmd('POST', '/execute/async', { script, args: args.map(toWire) }));
  }

  /** The PNG of the current viewport, as a Buffer. */
  async screenshot() {
    return Buffer.from(await this.cmd('GET', '/screenshot'), 'base64');
  }

  async delete() {
    await request(this.base, 'DELETE', `/session/${this.id}`);
  }

  /** Polls `fn` until it returns a truthy value; throws with `what` after `timeoutMs`. */
  async waitFor(what, fn, { timeoutMs = 15_000, intervalMs = 150 } = {}) {
    const deadline = Date.now() + timeoutMs;
    let last;
    for (;;) {
      try {
        const v = await fn();
        if (v) return v;
        last = v;
      } catch (e) {
        last = e;
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last?.message ?? JSON.stringify(last)})`);
      }
      await sleep(intervalMs);
    }
  }
}

export class Element {
  constructor(session, id) {
    this.session = session;
    this.id = id;
  }
  cmd(method, path, body) {
    return this.session.cmd(method, `/element/${this.id}${path}`, body);
  }
  text() {
    return this.cmd('GET', '/text');
  }
  click() {
    return this.cmd('POST', '/click', {});
  }
  sendKeys(text) {
    return this.cmd('POST', '/value', { text });
  }
  attribute(name) {
    return this.cmd('GET', `/attribute/${encodeURIComponent(name)}`);
  }
  property(name) {
    return this.cmd('GET', `/property/${encodeURIComponent(name)}`);
  }
  displayed() {
    return this.cmd('GET', '/displayed');
  }
  tagName() {
    return this.cmd('GET', '/name');
  }
  async findAll(using, value) {
    return (await this.cmd('POST', '/elements', { using, value })).map((e) => new Element(this.session, e[ELEMENT]));
  }
}

/** Turns element references in a script's result into Elements. */
function fromWire(session, v) {
  if (Array.isArray(v)) return v.map((x) => fromWire(session, x));
  if (v && typeof v === 'object') {
    if (typeof v[ELEMENT] === 'string') return new Element(session, v[ELEMENT]);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromWire(session, x)]));
  }
  return v;
}

function toWire(a) {
  return a instanceof Element ? { [ELEMENT]: a.id } : a;
}
