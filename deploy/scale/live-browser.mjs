// The scaled-topology test's browser client (issue 17, deploy/scale/test.sh): headless Chromium,
// through the web tests' own launcher, logs in on ONE api instance and waits for a post that the
// test makes through the OTHER to reach its home page live: the "new posts" bar, then the post
// itself in the feed. Live updates come from Kafka, not from one process's memory
// (decision 0713), and this is what shows it with a real browser.
//
// Usage: node live-browser.mjs BASE HANDLE PASSWORD READY_FILE POSTED_FILE TEXT [SCREENSHOT]
//   writes READY_FILE once home is shown and its event stream is open. The test then posts TEXT
//   through the other instance and writes "SENT_AT_MS POST_ID" into POSTED_FILE. The client waits for
//   that post's event on the page's stream, the bar, and the post in the feed after a click; prints
//   "seen after N ms" (from the send to the event in the page) and exits 0, or exits 1.
import { writeFileSync, readFileSync, existsSync } from "node:fs";
import { launch, logIn } from "../../src/test/web/lib.mjs";

const [base, handle, password, readyFile, postedFile, text, screenshot] = process.argv.slice(2);
const WAIT_MS = 30_000;

const browser = await launch();
let page;
try {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  // Notes when the page's EventSource opens (the test posts only once the browser listens) and
  // which posts it announced, when: the page's own handlers run unchanged.
  await context.addInitScript(() => {
    const Native = window.EventSource;
    window.__murmurLivePosts = [];
    window.EventSource = class extends Native {
      constructor(...args) {
        super(...args);
        this.addEventListener("open", () => { window.__murmurLiveOpen = true; });
        this.addEventListener("post", (e) => {
          try { window.__murmurLivePosts.push({ postId: JSON.parse(e.data).postId, at: Date.now() }); } catch (ignored) { /* not ours */ }
        });
      }
    };
  });
  page = await context.newPage();
  await logIn(page, base, { handle, password });
  await page.waitForFunction(() => window.__murmurLiveOpen === true, null, { timeout: WAIT_MS });
  writeFileSync(readyFile, String(Date.now()));

  const [postedAt, postId] = await posted();
  const seen = await page.waitForFunction((id) => window.__murmurLivePosts.find((p) => p.postId === id),
    postId, { timeout: WAIT_MS, polling: 50 });
  const seenAt = (await seen.jsonValue()).at;
  const bar = page.locator("#new-posts");
  await bar.waitFor({ state: "visible", timeout: WAIT_MS });
  await bar.click();
  await page.locator("#feed article", { hasText: text }).first().waitFor({ timeout: WAIT_MS });
  if (screenshot) { await page.screenshot({ path: screenshot }); }
  console.log(`seen after ${seenAt - postedAt} ms: post ${postId} ("${text}") in home on ${base}`);
} catch (e) {
  console.error(`live-browser: ${e.message.split("\n")[0]}`);
  if (page && screenshot) { await page.screenshot({ path: screenshot }).catch(() => {}); }
  await browser.close();
  process.exit(1);
}
await browser.close();

/** Waits for the test to write "SENT_AT_MS POST_ID" into POSTED_FILE. */
async function posted() {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    if (existsSync(postedFile)) {
      const [at, id] = readFileSync(postedFile, "utf8").trim().split(/\s+/).map(Number);
      if (Number.isFinite(at) && Number.isFinite(id)) { return [at, id]; }
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing in ${postedFile} after ${WAIT_MS} ms`);
}
