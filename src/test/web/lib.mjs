// Shared helpers for the browser journeys and the screenshot script: Debian's Chromium through
// playwright-core (no browser download), the API for fixtures, axe-core for accessibility.
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const CHROMIUM = process.env.MURMUR_CHROMIUM || "/usr/bin/chromium";
// The flags this machine's Chromium needs (docs/web.md). playwright-core adds a fresh
// --user-data-dir of its own for every launch.
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
export const PASSWORD = "correct horse battery";

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

let sequence = 0;
/** A handle unique to this run, so journeys never collide on shared data. */
export function handle(prefix) {
  sequence++;
  return (prefix + "_" + (Date.now() % 1e9).toString(36) + sequence).toLowerCase().slice(0, 30);
}

/** The JSON API, for fixtures: the journeys act through the pages, and set the scene through /api. */
export class Api {
  constructor(base) { this.base = base; }

  async call(method, path, { token, body, headers } = {}) {
    const response = await fetch(this.base + path, {
      method,
      headers: {
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...(token ? { authorization: "Bearer " + token } : {}),
        ...(headers || {})
      },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = text; }
    if (!response.ok) {
      throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    }
    return json;
  }

  /** A new account, logged in: { handle, id, token }. */
  async user(prefix, displayName) {
    const h = handle(prefix);
    const created = await this.call("POST", "/api/accounts", { body: { handle: h, displayName: displayName || "User " + h, password: PASSWORD } });
    const login = await this.call("POST", "/api/auth/login", { body: { handle: h, password: PASSWORD } });
    return { handle: h, id: created.id, token: login.token };
  }

  async post(user, text, extra = {}) {
    return this.call("POST", "/api/posts", { token: user.token, body: { text, ...extra } });
  }

  async follow(user, other) {
    return this.call("PUT", `/api/accounts/${other.handle}/follow`, { token: user.token });
  }

  async like(user, postId) {
    return this.call("PUT", `/api/posts/${postId}/like`, { token: user.token });
  }
}

/**
 * Logs in through the login page; the page's session cookie stays in the context. {@code user.password}
 * defaults to the journeys' own PASSWORD (the demo walkthrough and the scale test pass theirs).
 */
export async function logIn(page, base, user) {
  await page.goto(base + "/login");
  await page.getByLabel("Handle").fill(user.handle);
  await page.getByLabel("Password").fill(user.password ?? PASSWORD);
  await Promise.all([page.waitForURL(base + "/"), page.getByRole("button", { name: "Log in" }).click()]);
}

/** docs/web.md's screenshots stay light: each PNG under this many bytes. */
export const DOC_SHOT_LIMIT = 300 * 1024;

/**
 * A screenshot docs/web.md shows. It goes to the folder in MURMUR_SCREENSHOTS when set (Journeys.java sets it to
 * docs/web under -Dmurmur.web.screenshots=true, so the journeys regenerate the committed PNGs), else to the
 * journey's output folder. {@code element}: a selector to photograph alone; {@code fullPage}: the whole page.
 * In docs/web it must stay under DOC_SHOT_LIMIT, or the journey fails and says so.
 */
export async function docShot(page, out, name, { element, fullPage = false } = {}) {
  const dir = process.env.MURMUR_SCREENSHOTS || out;
  const file = join(dir, name);
  const options = { path: file, animations: "disabled", caret: "hide" };
  if (element) {
    await page.locator(element).first().screenshot(options);
  } else {
    await page.screenshot({ ...options, fullPage });
  }
  if (process.env.MURMUR_SCREENSHOTS) {
    const size = statSync(file).size;
    check(size < DOC_SHOT_LIMIT, `${file} is ${size} bytes; docs/web.md's screenshots stay under ${DOC_SHOT_LIMIT}`);
  }
}

/** Runs axe-core on the page; returns the serious and critical violations. */
export async function axe(page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    return await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
  });
  return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")}`);
}

export function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

/** Waits for a condition in the page, with a clear message when it never holds. */
export async function eventually(page, fn, arg, message, timeout = 5000) {
  try {
    await page.waitForFunction(fn, arg, { timeout });
  } catch (e) {
    throw new Error(message + " (waited " + timeout + " ms)");
  }
}

/**
 * Runs one journey of a journeys file (journeys.mjs, wallet-journeys.mjs, console-journeys.mjs): a browser, pages that record what they did,
 * "journey <name>: passed" as the last line, or the error, the trail and a screenshot of every page.
 * {@code journey(browser, newPage)}; newPage(options, prepare) opens a page in a fresh
 * context, after prepare(context) (e.g. cookies).
 */
export async function runJourney(journeys, name, out) {
  const journey = journeys[name];
  if (!journey) {
    console.error("unknown journey " + name + "; known: " + Object.keys(journeys).join(", "));
    process.exit(2);
  }
  const { mkdirSync } = await import("node:fs");
  const { join } = await import("node:path");
  mkdirSync(out, { recursive: true });
  const pages = [];
  const trail = [];
  const browser = await launch();
  async function newPage(options = {}, prepare = async () => {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
    await prepare(context);
    const page = await context.newPage();
    page.on("dialog", dialog => dialog.accept()); // hx-confirm's window.confirm: the journey clicked, so it means it
    page.on("console", m => trail.push(`console.${m.type()}: ${m.text()}`));
    page.on("pageerror", e => trail.push(`page error: ${e.message}`));
    page.on("response", r => {
      if (r.request().method() !== "GET" || r.status() >= 400) {
        trail.push(`${r.request().method()} ${r.url()} -> ${r.status()} ${r.headers()["content-type"] || ""}`);
      }
    });
    pages.push(page);
    return page;
  }
  try {
    await journey(browser, newPage);
    console.log(`journey ${name}: passed`);
  } catch (e) {
    console.error(`journey ${name}: FAILED: ${e.stack || e}`);
    console.error("what the pages did:\n  " + trail.join("\n  "));
    let i = 0;
    for (const page of pages) {
      i++;
      try {
        const file = join(out, `${name}-${i}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.error(`screenshot: ${file} (${page.url()})`);
      } catch { /* a closed page has nothing to show */ }
    }
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}
