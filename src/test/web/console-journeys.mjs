// The operator console's journeys (issue 14, docs/web.md "Operator console"), one per run:
//   node console-journeys.mjs <journey> <base URL> <output folder> [arguments from the Java side]
// Exit 0 and a last line "journey <name>: passed" when it passes; otherwise the error, what the pages
// did, and a screenshot of every open page in the output folder. dev.murmur.web.ConsoleJourneyTest runs
// each, after making the fixtures the API cannot make (operators, linked wallets, earned credits).
import { join } from "node:path";
import { Api, PASSWORD, axe, check, eventually, logIn, runJourney } from "./lib.mjs";

const [name, base, out, ...extra] = process.argv.slice(2);
const api = new Api(base);
/** An account the Java side made (password Api.PASSWORD), with a bearer token to check the API. */
async function known(handle) {
  const login = await api.call("POST", "/api/auth/login", { body: { handle, password: PASSWORD } });
  return { handle, token: login.token };
}

/** Clicks a button that asks first, checks the dialog says what it should, and confirms or cancels. */
async function confirmVia(page, button, dialogName, confirmLabel, { mentions = [], cancel = false } = {}) {
  await button.click();
  const dialog = page.getByRole("dialog", { name: dialogName });
  await dialog.waitFor();
  const text = await dialog.textContent();
  for (const m of mentions) {
    check(text.includes(m), `the dialog "${dialogName}" says ${JSON.stringify(m)}: ${text}`);
  }
  await dialog.getByRole("button", { name: cancel ? "Cancel" : confirmLabel }).click();
  await dialog.waitFor({ state: "hidden" });
}

function tab(page, label) {
  return page.locator("nav.tabs").getByRole("link", { name: label, exact: true });
}

const journeys = {
  // Journey 2: an operator funds the pool, sets the budget, closes the period, previews (with who is left
  // out and why), creates and submits a batch, and watches it become final; the API agrees with the page.
  async operatorSettlesABatch(browser, newPage) {
    const [operatorHandle, creatorHandle, walletlessHandle] = extra;
    const operator = await known(operatorHandle);
    const page = await newPage();
    await logIn(page, base, operator);
    await Promise.all([page.waitForURL(base + "/console"), page.getByRole("link", { name: "Console" }).click()]);
    const report = await api.call("GET", "/api/operator/periods/current", { token: operator.token });
    const period = report.period.id;
    check(await page.getByRole("heading", { name: new RegExp("^Period " + period) }).count() === 1, "the console shows the open period " + period);

    // A budget beyond the funded pool is refused next to the field, and changes nothing.
    const headroom = BigInt((await page.locator("#headroom strong").textContent()).trim());
    await page.getByLabel(/^Budget of period/).fill(String(headroom + 5000000n));
    await page.getByRole("button", { name: "Set budget" }).click();
    await page.locator("#budget-box [role=alert]").waitFor();
    check((await api.call("GET", `/api/operator/periods/${period}`, { token: operator.token })).period.budget === report.period.budget,
      "the refused budget changed nothing");

    // Fund the pool from the Settlement tab, through the confirmation.
    const before = await api.call("GET", "/api/operator/settlement/funding", { token: operator.token });
    await Promise.all([page.waitForURL(base + "/console/settlement"), tab(page, "Settlement").click()]);
    await page.getByLabel("Fund the reward pool (base units)").fill("2000000");
    await confirmVia(page, page.getByRole("button", { name: "Fund…" }), "Fund the reward pool?", "Fund the pool",
      { mentions: ["2000000 base units", "operator"] });
    await page.locator("#fund-status").waitFor({ timeout: 30000 });
    check((await page.locator("#fund-status").textContent()).startsWith("Funded 2000000"), "the page says the pool was funded");
    const after = await api.call("GET", "/api/operator/settlement/funding", { token: operator.token });
    check(after.rewardFunded === before.rewardFunded + 2000000, `the reward pool grew by 2000000: ${before.rewardFunded} -> ${after.rewardFunded}`);

    // Set the budget, then close the period: Cancel leaves it open, confirming closes it.
    await Promise.all([page.waitForURL(base + "/console"), tab(page, "Periods").click()]);
    await page.getByLabel(/^Budget of period/).fill("1000000");
    await page.getByRole("button", { name: "Set budget" }).click();
    await page.getByText("Budget set to 1000000 base units.").waitFor();
    check((await api.call("GET", `/api/operator/periods/${period}`, { token: operator.token })).period.budget === 1000000, "the API has the budget");
    const close = page.getByRole("button", { name: `Close period ${period}…` });
    await confirmVia(page, close, "Close this period?", "Close the period", { cancel: true, mentions: ["cannot be undone"] });
    check((await api.call("GET", `/api/operator/periods/${period}`, { token: operator.token })).period.status === "OPEN", "Cancel left the period open");
    await page.screenshot({ path: join(out, "console-periods-desktop.png"), fullPage: true }); // docs/web.md
    await Promise.all([page.waitForURL(base + "/console/periods/" + period),
      confirmVia(page, close, "Close this period?", "Close the period", { mentions: ["split between"] })]);
    const closed = await api.call("GET", `/api/operator/periods/${period}`, { token: operator.token });
    check(closed.period.status === "CLOSED", "the API has the period closed");
    const earner = closed.topEarners.find(e => e.payout > 0);
    check(earner, "someone was paid at the close");
    check((await page.locator("#top-earners").textContent()).includes("@" + creatorHandle), "the top earners list the creator");

    // Preview: the creator is in, the creator without a wallet is left out and why.
    await Promise.all([page.waitForURL(base + "/console/settlement"), tab(page, "Settlement").click()]);
    check((await page.locator("#entitlements").textContent()).includes("@" + creatorHandle), "the preview has the creator's entitlement");
    const leftOut = await page.locator("#left-out tr", { hasText: "@" + walletlessHandle }).textContent();
    check(leftOut.includes("No linked wallet"), "the preview says why the walletless creator is left out: " + leftOut);
    await page.screenshot({ path: join(out, "console-settlement-desktop.png"), fullPage: true }); // docs/web.md

    // Create, then submit through the confirmation, and watch it become final.
    await Promise.all([page.waitForURL(/\/console\/settlement\/batches\/\d+$/), page.getByRole("button", { name: /^Create batch/ }).click()]);
    const id = Number(page.url().split("/").pop());
    check((await page.locator("#batch-status").textContent()) === "draft", "a new batch is a draft");
    await Promise.all([page.waitForEvent("load"),
      confirmVia(page, page.getByRole("button", { name: /^Submit batch/ }), "Submit this batch on chain?", "Submit the batch",
        { mentions: ["base units", "cannot be recalled"] })]);
    await eventually(page, () => document.getElementById("batch-status")?.textContent === "final", null,
      "the batch page shows the batch final, by itself", 90000);
    check((await page.locator("#final").textContent()).includes("Final"), "the last step says final");
    const detail = await api.call("GET", `/api/operator/settlement/batches/${id}`, { token: operator.token });
    check(detail.batch.status === "FINAL", "the API has the batch FINAL: " + detail.batch.status);
    check((await page.locator("#batch-root").textContent()).trim() === detail.batch.root, "the page shows the batch's root");
    check((await page.locator("#batch-tx").textContent()).trim() === detail.batch.txHash, "the page shows the settle transaction");
    check(detail.entitlements.length > 0, "the batch holds entitlements");
    await page.screenshot({ path: join(out, "console-batch-desktop.png"), fullPage: true }); // docs/web.md
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(out, "console-batch-phone.png"), fullPage: true }); // docs/web.md
    await Promise.all([page.waitForURL(base + "/console/settlement"), page.getByRole("link", { name: "← Settlement" }).click()]);
    check(await page.locator("#history").getByRole("link", { name: "Batch " + id, exact: true }).count() === 1, "the history lists the batch");
  },

  // A reader reports a post; the operator removes it from the queue (a refused empty reason first),
  // and the moderation log shows the decision, in the page and in the API.
  async operatorRemovesAReportedPost(browser, newPage) {
    const [operatorHandle] = extra;
    const operator = await known(operatorHandle);
    const author = await api.user("author");
    const reporter = await api.user("reporter");
    const post = await api.post(author, "Buy followers now, cheap!");
    const comment = "selling followers " + Date.now();
    await api.call("POST", "/api/reports", { token: reporter.token, body: { post: post.id, reason: "SPAM", comment } });

    const page = await newPage();
    await logIn(page, base, operator);
    await Promise.all([page.waitForURL(base + "/console"), page.getByRole("link", { name: "Console" }).click()]);
    await Promise.all([page.waitForURL(base + "/console/moderation"), tab(page, "Moderation").click()]);
    const item = page.locator("li.report", { hasText: comment });
    await item.waitFor();
    check((await item.textContent()).includes("@" + author.handle), "the report names the post's author");

    await confirmVia(page, item.getByRole("button", { name: "Remove post…" }), "Remove this post?", "Remove the post");
    await item.locator(".field-error").waitFor();
    check((await item.locator(".field-error").textContent()).includes("must not be empty"), "an empty reason is refused next to the field");
    let log = await api.call("GET", "/api/operator/moderation/log?limit=50", { token: operator.token });
    check(!log.items.some(d => d.postId === post.id), "the refused removal changed nothing");

    await item.getByLabel(/^Reason for removing post/).fill("Spam: selling followers");
    await Promise.all([page.waitForEvent("load"),
      confirmVia(page, item.getByRole("button", { name: "Remove post…" }), "Remove this post?", "Remove the post",
        { mentions: ["@" + author.handle, "Spam: selling followers", "no undo"] })]);
    const row = page.locator("#moderation-log tr", { hasText: "@" + author.handle });
    await row.waitFor();
    const text = await row.textContent();
    check(text.includes("post removed") && text.includes("Spam: selling followers") && text.includes("@" + operatorHandle),
      "the log shows the removal, its reason and who decided: " + text);
    log = await api.call("GET", "/api/operator/moderation/log?limit=50", { token: operator.token });
    check(log.items.some(d => d.postId === post.id && d.action === "POST_REMOVED"), "the API's moderation log has the removal");
    const thread = await page.goto(base + "/p/" + post.id);
    check(thread.status() >= 400 || (await page.getByText("Buy followers now, cheap!").count()) === 0, "the removed post is gone from its page");
  },

  // Someone without the operator role sees no Console link, and every console page refuses them in words.
  async readerIsRefusedTheConsole(browser, newPage) {
    const reader = await api.user("reader");
    const page = await newPage();
    await logIn(page, base, reader);
    check(await page.getByRole("link", { name: "Console" }).count() === 0, "a reader has no Console link");
    for (const p of ["/console", "/console/settlement", "/console/moderation", "/console/settlement/batches/1"]) {
      const r = await page.goto(base + p);
      check(r.status() === 403, `${p} is refused with 403: ${r.status()}`);
      check(await page.getByText("Your roles do not allow this page").count() === 1, `${p} says why in words`);
    }
    const anonymous = await newPage();
    await anonymous.goto(base + "/console");
    check(anonymous.url() === base + "/login", "an anonymous visitor is sent to log in: " + anonymous.url());
  },

  // Journey 6 for the console: axe-core finds no serious or critical violation on any console page (and with a
  // confirmation open), light and dark, desktop and phone; no page is wider than the screen.
  async accessibleConsole(browser, newPage) {
    const [operatorHandle, batchId] = extra;
    const operator = await known(operatorHandle);
    const author = await api.user("author");
    const reporter = await api.user("reporter");
    const post = await api.post(author, "A post to report for the accessibility check");
    await api.call("POST", "/api/reports", { token: reporter.token, body: { post: post.id, reason: "OTHER", comment: "checking" } });
    const paths = ["/console", "/console/settlement", "/console/settlement/batches/" + batchId, "/console/moderation"];
    const problems = [];
    for (const scheme of ["light", "dark"]) {
      for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
        const where = `${scheme} ${viewport.width}px`;
        const page = await newPage({ colorScheme: scheme, viewport });
        await logIn(page, base, operator);
        for (const p of paths) {
          const r = await page.goto(base + p);
          check(r.status() === 200, `${p} answered ${r.status()}`);
          for (const v of await axe(page)) { problems.push(`${where} ${p}: ${v}`); }
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          check(overflow <= 0, `${where} ${p} is no wider than the screen (overflow ${overflow}px)`);
        }
        await page.goto(base + "/console");
        await page.getByRole("button", { name: /^Close period/ }).click();
        const dialog = page.getByRole("dialog", { name: "Close this period?" });
        await dialog.waitFor();
        check(await page.evaluate(() => document.activeElement?.textContent) === "Cancel", "the dialog opens on Cancel");
        for (const v of await axe(page)) { problems.push(`${where} /console with the close dialog open: ${v}`); }
        await page.keyboard.press("Escape");
        await dialog.waitFor({ state: "hidden" });
        await page.context().close();
      }
    }
    const period = await api.call("GET", "/api/operator/periods/current", { token: operator.token });
    check(period.period.status === "OPEN", "Escape closed the dialogs without closing the period");
    check(problems.length === 0, "axe-core found serious or critical violations:\n" + problems.join("\n"));
  }
};

await runJourney(journeys, name, out);
