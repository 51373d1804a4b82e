// A minimal Chrome DevTools Protocol client over Node 20's WebSocket (run node with
// --experimental-websocket): enough to drive a page, type into it and take screenshots.

const KEYS = {
  Enter: { code: 'Enter', keyCode: 13, text: '\r' },
  Escape: { code: 'Escape', keyCode: 27 },
  Backspace: { code: 'Backspace', keyCode: 8 },
  Tab: { code: 'Tab', keyCode: 9 },
  End: { code: 'End', keyCode: 35 },
  Home: { code: 'Home', keyCode: 36 },
  ArrowDown: { code: 'ArrowDown', keyCode: 40 },
  ArrowUp: { code: 'ArrowUp', keyCode: 38 },
  F1: { code: 'F1', keyCode: 112 },
};
const MODIFIERS = { Alt: 1, Control: 2, Meta: 4, Shift: 8 };

export class Page {
  #ws;
  #nextId = 1;
  #pending = new Map();
  #listeners = new Set();

  static async connect(debugPort, { timeoutMs = 20000 } = {}) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const targets = await (await fetch(`http://127.0.0.1:${debugPort}/json/list`)).json();
        const page = targets.find((t) => t.type === 'page');
        if (page) return await new Page().#open(page.webSocketDebuggerUrl);
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`no Chromium on port ${debugPort}: ${error}`);
      }
      if (Date.now() > deadline) throw new Error(`no page target on port ${debugPort}`);
      await sleep(200);
    }
  }

  async #open(url) {
    this.#ws = new WebSocket(url);
    await new Promise((resolve, reject) => {
      this.#ws.onopen = resolve;
      this.#ws.onerror = () => reject(new Error(`cannot open ${url}`));
    });
    this.#ws.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.id !== undefined) {
        const pending = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.error) pending?.reject(new Error(`${message.error.message} (${message.error.code})`));
        else pending?.resolve(message.result);
      } else {
        for (const listener of this.#listeners) listener(message);
      }
    };
    await this.send('Page.enable');
    await this.send('Runtime.enable');
    return this;
  }

  send(method, params = {}) {
    const id = this.#nextId++;
    this.#ws.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject }));
  }

  on(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Evaluates `expression` in the page and returns its (JSON-able) value. */
  async evaluate(expression) {
    const { result, exceptionDetails } = await this.send('Runtime.evaluate', {
      expression,
      returnByValue: true,
      awaitPromise: true,
    });
    if (exceptionDetails) throw new Error(`page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value;
  }

  /** Polls `expression` until it returns a truthy value; returns it. */
  async waitFor(expression, { timeoutMs = 30000, what = expression } = {}) {
    const deadline = Date.now() + timeoutMs;
    let last;
    for (;;) {
      last = await this.evaluate(expression).catch((error) => `(error: ${error.message})`);
      if (last && !String(last).startsWith('(error:')) return last;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last)}`);
      await sleep(150);
    }
  }

  async navigate(url) {
    await this.send('Page.navigate', { url });
  }

  /** Presses a key, e.g. `press('p', ['Control'])` or `press('Enter')`. */
  async press(key, modifiers = []) {
    const mask = modifiers.reduce((m, name) => m | MODIFIERS[name], 0);
    const known = KEYS[key];
    const single = key.length === 1;
    const event = {
      key,
      code: known?.code ?? (single ? `Key${key.toUpperCase()}` : key),
      windowsVirtualKeyCode: known?.keyCode ?? (single ? key.toUpperCase().charCodeAt(0) : 0),
      modifiers: mask,
    };
    const text = mask & ~MODIFIERS.Shift ? undefined : (known?.text ?? (single ? key : undefined));
    await this.send('Input.dispatchKeyEvent', { type: text ? 'keyDown' : 'rawKeyDown', ...event, text });
    await this.send('Input.dispatchKeyEvent', { type: 'keyUp', ...event });
  }

  async click(x, y) {
    for (const type of ['mouseMoved', 'mousePressed', 'mouseReleased']) {
      await this.send('Input.dispatchMouseEvent', { type, x, y, button: 'left', clickCount: 1 });
    }
  }

  /** Types text as if from an input method (one event, no key codes). */
  async type(text) {
    await this.send('Input.insertText', { text });
  }

  async screenshot() {
    const { data } = await this.send('Page.captureScreenshot', { format: 'png' });
    return Buffer.from(data, 'base64');
  }

  close() {
    this.#ws?.close();
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
