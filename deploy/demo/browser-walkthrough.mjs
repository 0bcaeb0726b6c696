// The done-when of issue 14, walked in a real browser on a running `./murmur up --demo` (docs/web.md,
// "The demo in a browser"): each of the four kinds of users does their job in headless Chromium, and
// every step is checked on chain and through the API, not only on the page.
//
//   node deploy/demo/browser-walkthrough.mjs [APP_URL] [ANVIL_RPC_URL]
//
// Both default to what `./murmur up` wrote to .murmur/run/env (MURMUR_APP_URL, MURMUR_CHAIN_RPC_URL).
// Screenshots go to target/demo-walkthrough/. Exit 0 and "walkthrough: passed" when every step held.
//
// Who does what, with which of anvil's public dev keys (worthless anywhere but a dev chain):
//   reader1   links anvil account 8 (the demo funds it with 1,000 test tokens), deposits 20, tips ada 5
//   ops       an operator the bootstrap admin makes (as settlement-walkthrough.sh does); closes the
//             period, funds the pool, previews, creates and submits a batch, watches it become final
//   ada       links anvil account 1 (as settlement-walkthrough.sh does), sees her earnings settled, then
//             claimable, and claims
//   auditor   anvil account 1, the auditor role of a dev deployment; signed out, checks the batch page and
//             vetoes a second batch inside its challenge window
// The demo's contract has no challenge window (murmur.chain.dev-challenge-window=PT0S). To show "settled"
// apart from "claimable", and to give the auditor a window to veto in, the contract's admin (anvil account
// 0, the dev operator key) opens a one-hour window; the walkthrough then moves anvil's clock past it with
// evm_increaseTime and evm_mine, and sets the window back to what it was before it ends.
import { createRequire } from "node:module";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Api, check, eventually, launch, logIn } from "../../src/test/web/lib.mjs";
import { ANVIL_KEYS, injectWallet, tokenBalance } from "../../src/test/web/eip1193.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
// ethers lives with the browser tests' packages (src/test/web/package.json), not in a second install.
const { Contract, JsonRpcProvider, Wallet, parseUnits } = createRequire(join(root, "src/test/web/package.json"))("ethers");

function runEnv() {
  const file = join(root, ".murmur/run/env");
  if (!existsSync(file)) { return {}; }
  return Object.fromEntries(readFileSync(file, "utf8").split("\n").filter(l => l.includes("="))
    .map(l => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
}
const env = runEnv();
const base = (process.argv[2] || process.env.MURMUR_APP_URL || env.MURMUR_APP_URL || "http://127.0.0.1:8080").replace(/\/+$/, "");
const rpcUrl = process.argv[3] || process.env.MURMUR_CHAIN_RPC_URL || env.MURMUR_CHAIN_RPC_URL;
check(rpcUrl, "no anvil RPC URL: pass it as the second argument, or run ./murmur up first");
const out = join(root, "target/demo-walkthrough");
mkdirSync(out, { recursive: true });

const DEMO_PASSWORD = "demo-password-1";
const ADMIN_PASSWORD = process.env.MURMUR_ADMIN_PASSWORD || "murmur-admin-dev";
const OPERATOR = { handle: "ops", password: "ops-password-1" };
const READER = { handle: "reader1", password: DEMO_PASSWORD, key: 8 };
const CREATOR = { handle: "ada", password: DEMO_PASSWORD, key: 1 };
const AUDITOR_KEY = 1;
const ADMIN_KEY = 0;
const WINDOW = 3600;
const api = new Api(base);
const chain = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
const lower = s => String(s).toLowerCase();

let stepNo = 0;
function step(text) { console.log(`\n== ${++stepNo}. ${text}`); }
function say(text) { console.log("   " + text); }

async function login(user) {
  return (await api.call("POST", "/api/auth/login", { body: { handle: user.handle, password: user.password } })).token;
}

/** Polls an API read until it holds, with the last answer in the error. */
async function until(what, read, holds, timeoutMs = 90000) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    last = await read();
    if (holds(last)) { return last; }
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms; last answer ${JSON.stringify(last)}`);
}

async function shot(page, name) {
  const file = join(out, name + ".png");
  await page.screenshot({ path: file, fullPage: true });
  say("screenshot " + file.slice(root.length + 1));
}

/** Clicks a button that asks first, and confirms in the dialog. */
async function confirmVia(page, button, dialogName, confirmLabel) {
  await button.click();
  const dialog = page.getByRole("dialog", { name: dialogName });
  await dialog.waitFor();
  await dialog.getByRole("button", { name: confirmLabel }).click();
  await dialog.waitFor({ state: "hidden" });
}

async function statusSays(page, selector, text, timeout = 60000) {
  try {
    await page.locator(selector, { hasText: text }).waitFor({ timeout });
  } catch {
    const now = await page.locator(selector).textContent().catch(() => "(gone)");
    throw new Error(`${selector} never said "${text}" within ${timeout} ms; it says "${now}"`);
  }
}

const PAYOUTS_ADMIN = ["function challengeWindow() view returns (uint64)", "function setChallengeWindow(uint64)",
  "function applyChallengeWindow()", "function pendingChallengeWindow() view returns (uint64 window, uint64 effectiveAt)",
  "function batches(uint64) view returns (bytes32 root, uint256 cumulativeTotal, uint64 settledAt, uint64 claimableAt, bool vetoed)"];

/** anvil's clock, moved past a window: the app reads block time, so the batch turns final without waiting. */
async function passTime(seconds) {
  await chain.send("evm_increaseTime", [seconds]);
  await chain.send("evm_mine", []);
  say(`anvil's clock moved ${seconds} s forward (evm_increaseTime, evm_mine)`);
}

const browser = await launch();
const pages = [];
async function newPage(keyIndex, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const wallet = keyIndex === undefined ? null : await injectWallet(context, { rpcUrl, keyIndex });
  const page = await context.newPage();
  page.on("dialog", d => d.accept());
  page.on("pageerror", e => console.error("   page error: " + e.message));
  pages.push(page);
  return { page, wallet };
}

let admin = null;
let windowBefore = null;
try {
  // ---------------------------------------------------------------- setting the scene (API, as an admin would)
  step("an operator account, granted by the bootstrap admin (as deploy/demo/settlement-walkthrough.sh does)");
  const adminToken = await login({ handle: "admin", password: ADMIN_PASSWORD });
  try {
    await api.call("POST", "/api/accounts", { body: { handle: OPERATOR.handle, displayName: "Operator", password: OPERATOR.password } });
  } catch (e) {
    say("ops exists already");
  }
  await api.call("PUT", `/api/accounts/${OPERATOR.handle}/roles/operator`, { token: adminToken });
  const ops = await login(OPERATOR);
  const plan = await api.call("GET", "/api/deposits/plan?amount=1", { token: ops });
  const token = plan.token;
  const payouts = plan.contract;
  say(`contract ${payouts}, token ${token} (${plan.decimals} decimals), chain ${rpcUrl}`);

  // ---------------------------------------------------------------- 1. the reader: link, deposit, tip
  step("reader1 links a wallet (anvil account 8, funded by the demo), deposits 20 and tips ada's post 5");
  const readerToken = await login(READER);
  const { page: readerPage, wallet: readerWallet } = await newPage(READER.key);
  await logIn(readerPage, base, READER);
  await Promise.all([readerPage.waitForURL(base + "/wallet"), readerPage.getByRole("link", { name: "Wallet" }).click()]);
  const readerLinked = (await api.call("GET", "/api/wallets/me", { token: readerToken })).current;
  if (!readerLinked || lower(readerLinked.address) !== lower(readerWallet.address)) {
    await readerPage.locator("#wallet-link").click();
    await readerPage.locator("#linked-address", { hasText: readerWallet.address }).waitFor({ timeout: 30000 });
  }
  check(lower((await api.call("GET", "/api/wallets/me", { token: readerToken })).current.address) === lower(readerWallet.address),
    "the API has reader1's wallet linked");
  say("linked " + readerWallet.address);

  const balanceBefore = BigInt((await api.call("GET", "/api/balance", { token: readerToken })).balance);
  const walletTokensBefore = await tokenBalance(chain, token, readerWallet.address);
  check(walletTokensBefore >= parseUnits("20", plan.decimals), `reader1's wallet holds test tokens to deposit: ${walletTokensBefore}`);
  await readerPage.getByLabel("Deposit (tokens)").fill("20");
  await readerPage.getByRole("button", { name: "Deposit from my wallet" }).click();
  await statusSays(readerPage, "#wallet-status", "were added to your tipping balance");
  // The page reloads itself with the new balance; wait for that before going on, or the reload wins over the next goto.
  await readerPage.locator(`#balance[data-balance="${balanceBefore + 20n}"]`).waitFor({ timeout: 15000 });
  const twenty = parseUnits("20", plan.decimals);
  check(walletTokensBefore - await tokenBalance(chain, token, readerWallet.address) === twenty, "20 tokens left reader1's wallet on chain");
  check(BigInt((await api.call("GET", "/api/balance", { token: readerToken })).balance) === balanceBefore + 20n,
    "the API balance grew by 20");
  say("deposited 20: the wallet holds 20 fewer on chain, the tipping balance is 20 more");

  const creatorToken = await login(CREATOR);
  const adasPost = (await api.call("GET", "/api/timelines/hashtag/analyticalengine")).items
    .find(p => p.author.handle === CREATOR.handle);
  check(adasPost, "ada's demo post about the Analytical Engine is there");
  const receivedBefore = (await api.call("GET", "/api/tips/received", { token: creatorToken })).length;
  await readerPage.goto(base + "/p/" + adasPost.id);
  await readerPage.getByRole("button", { name: "Tip @" + CREATOR.handle }).first().click();
  const dialog = readerPage.getByRole("dialog", { name: "Tip @" + CREATOR.handle });
  await dialog.waitFor();
  await dialog.getByLabel("5", { exact: true }).check();
  await dialog.getByLabel("Message (optional)").fill("for the notes on the engine");
  await statusSays(readerPage, "#tip-quote", "the creator receives 5");
  await shot(readerPage, "1-tip-dialog");
  await dialog.getByRole("button", { name: "Send tip" }).click();
  await statusSays(readerPage, "#toast", "Tipped 5 tokens");
  const received = await api.call("GET", "/api/tips/received", { token: creatorToken });
  check(received.length === receivedBefore + 1 && received.some(t => t.message === "for the notes on the engine" && t.amount === "5"),
    "ada received the tip with its message: " + JSON.stringify(received));
  await readerPage.goto(base + "/wallet");
  await shot(readerPage, "1-reader-wallet");

  // ---------------------------------------------------------------- ada links her wallet, so she can be paid
  step("ada links her wallet in the browser (anvil account 1), so the batch can pay her");
  const { page: adaPage, wallet: adaWallet } = await newPage(CREATOR.key);
  await logIn(adaPage, base, CREATOR);
  const adaLinked = (await api.call("GET", "/api/wallets/me", { token: creatorToken })).current;
  if (!adaLinked || lower(adaLinked.address) !== lower(adaWallet.address)) {
    await adaPage.goto(base + "/wallet");
    await adaPage.locator("#wallet-link").click();
    await adaPage.locator("#linked-address", { hasText: adaWallet.address }).waitFor({ timeout: 30000 });
  }
  check(lower((await api.call("GET", "/api/wallets/me", { token: creatorToken })).current.address) === lower(adaWallet.address),
    "the API has ada's wallet linked");
  say("linked " + adaWallet.address);

  // ---------------------------------------------------------------- a challenge window, so "settled" and the veto can be seen
  step(`the contract's admin (anvil account 0) opens a ${WINDOW} s challenge window (the demo deploys with none)`);
  admin = new Contract(payouts, PAYOUTS_ADMIN, new Wallet(ANVIL_KEYS[ADMIN_KEY], chain));
  windowBefore = await admin.challengeWindow();
  await (await admin.setChallengeWindow(WINDOW)).wait();
  check(await admin.challengeWindow() === BigInt(WINDOW), "the window is open on chain");

  // ---------------------------------------------------------------- 2. the operator settles a batch
  step("ops, in /console: funds the pool, sets the budget, closes the period, previews, creates and submits a batch");
  const { page: opsPage } = await newPage();
  await logIn(opsPage, base, OPERATOR);
  await Promise.all([opsPage.waitForURL(base + "/console"), opsPage.getByRole("link", { name: "Console" }).click()]);
  const period = (await api.call("GET", "/api/operator/periods/current", { token: ops })).period.id;
  const tab = label => opsPage.locator("nav.tabs").getByRole("link", { name: label, exact: true });

  const fundedBefore = (await api.call("GET", "/api/operator/settlement/funding", { token: ops })).rewardFunded;
  await Promise.all([opsPage.waitForURL(base + "/console/settlement"), tab("Settlement").click()]);
  await opsPage.getByLabel("Fund the reward pool (base units)").fill("100000000");
  await confirmVia(opsPage, opsPage.getByRole("button", { name: "Fund…" }), "Fund the reward pool?", "Fund the pool");
  await opsPage.locator("#fund-status").waitFor({ timeout: 30000 });
  check((await api.call("GET", "/api/operator/settlement/funding", { token: ops })).rewardFunded === fundedBefore + 100000000,
    "the reward pool grew by 100 tokens on chain");

  await Promise.all([opsPage.waitForURL(base + "/console"), tab("Periods").click()]);
  await opsPage.getByLabel(/^Budget of period/).fill("100000000");
  await opsPage.getByRole("button", { name: "Set budget" }).click();
  await opsPage.getByText("Budget set to 100000000 base units.").waitFor();
  await shot(opsPage, "2-console-periods");
  await Promise.all([opsPage.waitForURL(base + "/console/periods/" + period),
    confirmVia(opsPage, opsPage.getByRole("button", { name: `Close period ${period}…` }), "Close this period?", "Close the period")]);
  const closed = await api.call("GET", `/api/operator/periods/${period}`, { token: ops });
  check(closed.period.status === "CLOSED", "the API has period " + period + " closed");
  say(`period ${period} closed; top earners ${closed.topEarners.map(e => "account " + e.accountId + ": " + e.payout).join(", ")}`);

  await Promise.all([opsPage.waitForURL(base + "/console/settlement"), tab("Settlement").click()]);
  check((await opsPage.locator("#entitlements").textContent()).includes("@" + CREATOR.handle), "the preview pays ada");
  check((await opsPage.locator("#left-out").textContent()).includes("No linked wallet"), "the preview says who is left out and why");
  await shot(opsPage, "2-console-preview");
  await Promise.all([opsPage.waitForURL(/\/console\/settlement\/batches\/\d+$/), opsPage.getByRole("button", { name: /^Create batch/ }).click()]);
  const batchA = Number(opsPage.url().split("/").pop());
  await Promise.all([opsPage.waitForEvent("load"),
    confirmVia(opsPage, opsPage.getByRole("button", { name: /^Submit batch/ }), "Submit this batch on chain?", "Submit the batch")]);
  await eventually(opsPage, () => document.getElementById("batch-status")?.textContent === "confirmed", null,
    "the batch page shows the batch confirmed, its window open", 90000);
  check((await opsPage.locator("#window").textContent()).includes("left"), "the page counts the window down");
  await shot(opsPage, "2-console-batch-in-window");
  const detailA = (await api.call("GET", `/api/operator/settlement/batches/${batchA}`, { token: ops })).batch;
  const onChainA = await admin.batches(detailA.chainBatchId);
  check(onChainA.root === detailA.root && onChainA.cumulativeTotal === BigInt(detailA.cumulativeTotal),
    `the contract has batch ${detailA.chainBatchId} with the API's root and cumulative total`);
  say(`batch ${batchA} (on chain ${detailA.chainBatchId}) is on chain: root ${detailA.root}, cumulative ${detailA.cumulativeTotal}`);

  // ---------------------------------------------------------------- 3. the creator: settled, then claimable, then claimed
  step("ada sees her earnings settled while the window is open");
  const settled = await until("ada's earnings are settled", async () => (await api.call("GET", "/api/earnings/me", { token: creatorToken })).settlement,
    s => s.pending > 0);
  await adaPage.goto(base + "/earnings");
  check(parseUnits((await adaPage.locator("#total-settled .amount").textContent()).trim(), plan.decimals) === BigInt(settled.pending),
    `the page's settled amount is the API's ${settled.pending}`);
  await shot(adaPage, "3-earnings-settled");

  step("the auditor, signed out, opens the batch page: every check passes (no veto: this one is good)");
  const { page: auditorPage } = await newPage(AUDITOR_KEY);
  await auditorPage.goto(base + "/transparency");
  await Promise.all([auditorPage.waitForURL(base + "/transparency/batches/" + detailA.chainBatchId),
    auditorPage.getByRole("link", { name: "Batch " + detailA.chainBatchId, exact: true }).click()]);
  await statusSays(auditorPage, "#audit-result", "Every check passed");
  check(await auditorPage.locator(".check.fail").count() === 0, "no check failed");
  await shot(auditorPage, "4-batch-page-checks");

  step("the window passes (anvil's clock); the operator's page turns final by itself");
  await passTime(WINDOW + 1);
  await eventually(opsPage, () => document.getElementById("batch-status")?.textContent === "final", null,
    "the batch page shows the batch final, by itself", 90000);
  check((await api.call("GET", `/api/operator/settlement/batches/${batchA}`, { token: ops })).batch.status === "FINAL", "the API has the batch FINAL");
  await shot(opsPage, "2-console-batch-final");

  step("ada sees it claimable and claims in her wallet; her tokens on chain grow by exactly the claimable amount");
  const prepared = await until("a claim is ready", () => api.call("GET", "/api/claims/me/transaction", { token: creatorToken }).catch(() => ({})),
    c => c.claimable && BigInt(c.claimable) > 0n);
  const claimable = BigInt(prepared.claimable);
  await adaPage.goto(base + "/earnings");
  check(parseUnits((await adaPage.locator("#claimable-now").textContent()).trim(), plan.decimals) === claimable,
    `the page's claimable is the API's ${claimable}`);
  const adaTokensBefore = await tokenBalance(chain, token, adaWallet.address);
  const claimedBefore = BigInt((await api.call("GET", "/api/earnings/me", { token: creatorToken })).settlement.claimed);
  await adaPage.getByRole("button", { name: "Claim in my wallet" }).click();
  await statusSays(adaPage, "#claim-status", "Claimed:");
  check(!(await adaPage.locator("#claim-button").isVisible()), "nothing is left to claim: the button went");
  await shot(adaPage, "3-earnings-claimed");
  const adaTokensAfter = await tokenBalance(chain, token, adaWallet.address);
  check(adaTokensAfter - adaTokensBefore === claimable, `ada's wallet grew by exactly ${claimable}: ${adaTokensBefore} -> ${adaTokensAfter}`);
  await until("the API books the claim", async () => (await api.call("GET", "/api/earnings/me", { token: creatorToken })).settlement,
    s => BigInt(s.claimed) === claimedBefore + claimable);
  say(`claimed ${claimable} base units`);

  // ---------------------------------------------------------------- 4. a second batch, vetoed by the auditor
  step("a second batch: reader1 tips ada again, the operator closes the next period and submits (API, as a fixture)");
  await readerPage.goto(base + "/u/" + CREATOR.handle);
  await readerPage.getByRole("button", { name: "Tip @" + CREATOR.handle }).first().click();
  await dialog.getByLabel("1", { exact: true }).check();
  await dialog.getByRole("button", { name: "Send tip" }).click();
  await statusSays(readerPage, "#toast", "Tipped 1 tokens");
  const period2 = (await api.call("GET", "/api/operator/periods/current", { token: ops })).period.id;
  await api.call("POST", `/api/operator/periods/${period2}/close`, { token: ops });
  const created = await api.call("POST", "/api/operator/settlement/batches", { token: ops });
  await api.call("POST", `/api/operator/settlement/batches/${created.id}/submit`, { token: ops });
  const detailB = (await until("the second batch is on chain", () => api.call("GET", `/api/operator/settlement/batches/${created.id}`, { token: ops }),
    d => d.batch.status === "CONFIRMED")).batch;
  const unsettledBeforeVeto = (await api.call("GET", "/api/earnings/me", { token: creatorToken })).settlement;
  say(`batch ${created.id} (on chain ${detailB.chainBatchId}) is in its window; ada's settlement ${JSON.stringify(unsettledBeforeVeto)}`);

  step("the auditor opens its page from the list, sees the checks pass and the countdown, and vetoes from the auditor's wallet");
  await auditorPage.goto(base + "/transparency");
  await Promise.all([auditorPage.waitForURL(base + "/transparency/batches/" + detailB.chainBatchId),
    auditorPage.getByRole("link", { name: "Batch " + detailB.chainBatchId, exact: true }).click()]);
  await statusSays(auditorPage, "#audit-result", "Every check passed");
  const veto = auditorPage.getByRole("button", { name: "Veto batch " + detailB.chainBatchId + " from my wallet" });
  await veto.waitFor();
  check(/\d+ min \d+ s/.test(await auditorPage.locator("#veto-countdown").textContent()), "a countdown shows the time left");
  await shot(auditorPage, "4-veto-card");
  await veto.click();
  await statusSays(auditorPage, "#veto-status", "is vetoed on chain");
  check((await admin.batches(detailB.chainBatchId)).vetoed, "the contract has the batch vetoed");
  await until("the API has the batch VETOED", () => api.call("GET", `/api/operator/settlement/batches/${created.id}`, { token: ops }),
    d => d.batch.status === "VETOED");
  const afterVeto = await until("the vetoed amounts are back to unsettled", async () => (await api.call("GET", "/api/earnings/me", { token: creatorToken })).settlement,
    s => s.pending === 0 && s.unsettled >= unsettledBeforeVeto.pending);
  say(`vetoed; ada's settlement now ${JSON.stringify(afterVeto)}`);
  await opsPage.goto(base + "/console/settlement/batches/" + created.id);
  await opsPage.locator("#ended").waitFor();
  check((await opsPage.locator("#ended").textContent()).includes("An auditor vetoed this batch"), "the operator's batch page says an auditor vetoed it");
  await shot(opsPage, "4-console-batch-vetoed");

  console.log("\nwalkthrough: passed");
} catch (e) {
  console.error(`\nwalkthrough: FAILED at step ${stepNo}: ${e.stack || e}`);
  let i = 0;
  for (const page of pages) {
    try { await page.screenshot({ path: join(out, `failed-${++i}.png`), fullPage: true }); console.error(`   screenshot target/demo-walkthrough/failed-${i}.png (${page.url()})`); } catch { /* closed */ }
  }
  process.exitCode = 1;
} finally {
  // The window back to what it was: a decrease waits one old window (decision 0624), so anvil's clock skips it.
  if (admin && windowBefore !== null && await admin.challengeWindow().catch(() => windowBefore) !== windowBefore) {
    try {
      await (await admin.setChallengeWindow(windowBefore)).wait();
      await passTime(WINDOW + 1);
      await (await admin.applyChallengeWindow()).wait();
      say(`the challenge window is back to ${windowBefore} s`);
    } catch (e) {
      console.error("   could not set the challenge window back: " + (e.shortMessage || e.message));
      process.exitCode = 1;
    }
  }
  await browser.close();
  chain.destroy();
}
