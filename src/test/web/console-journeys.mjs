// The operator console's journeys (issue 14, docs/web.md "Operator console"), one per run:
//   node console-journeys.mjs <journey> <base URL> <output folder> [arguments from the Java side]
// Exit 0 and a last line "journey <name>: passed" when it passes; otherwise the error, what the pages
// did, and a screenshot of every open page in the output folder. dev.murmur.web.ConsoleJourneyTest runs
// each, after making the fixtures the API cannot make (operators, linked wallets, earned credits).
import { Api, PASSWORD, axe, check, docShot, eventually, logIn, runJourney } from "./lib.mjs";

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
    await docShot(page, out, "console-periods-desktop.png");
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
    await docShot(page, out, "console-settlement-desktop.png", { element: "section:has(#entitlements)" });

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
    await docShot(page, out, "console-batch-desktop.png", { fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await docShot(page, out, "console-batch-phone.png");
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

  // An operator suspends a creator from the moderation tab: the confirmation names the account and what happens to
  // its money; the log shows the decision (page and API). ConsoleJourneyTest checks the open credits are taken back.
  async operatorSuspendsAnAccount(browser, newPage) {
    const [operatorHandle, creatorHandle] = extra;
    const operator = await known(operatorHandle);
    const reason = "Buying likes " + Date.now();
    const page = await newPage();
    await logIn(page, base, operator);
    await page.goto(base + "/console/moderation");
    const form = page.locator("#suspension-form");
    await form.getByLabel("Handle").fill("@" + creatorHandle);
    await form.getByLabel("Suspend (also excluded from trends)").check();
    await form.getByLabel("Reason (shown to the creator)").fill(reason);
    await Promise.all([page.waitForEvent("load"),
      confirmVia(page, form.getByRole("button", { name: "Decide…" }), "Change this account's standing?", "Confirm",
        { mentions: ["@" + creatorHandle, "takes back every credit", "Money already paid by closed periods stays theirs"] })]);
    const row = page.locator("#moderation-log tr", { hasText: reason });
    await row.waitFor();
    const text = await row.textContent();
    check(text.includes("suspended") && text.includes("@" + creatorHandle) && text.includes("@" + operatorHandle),
      "the log shows the suspension, whom and who decided: " + text);
    const log = await api.call("GET", "/api/operator/moderation/log?limit=50", { token: operator.token });
    check(log.items.some(d => d.action === "ACCOUNT_SUSPENDED" && d.handle === creatorHandle && d.reason === reason),
      "the API's moderation log has the suspension: " + JSON.stringify(log.items.slice(0, 3)));
    const violations = await axe(page);
    check(violations.length === 0, "axe-core finds no serious violation on the moderation page:\n" + violations.join("\n"));
  },

  // An operator keeps a tag from trending, then lets it trend again, from the moderation tab: the table and the API
  // agree each time.
  async operatorExcludesATag(browser, newPage) {
    const [operatorHandle] = extra;
    const operator = await known(operatorHandle);
    const tag = "spamwave" + Date.now().toString(36);
    const page = await newPage();
    await logIn(page, base, operator);
    await page.goto(base + "/console/moderation");
    const decide = async (mayTrend, reason) => {
      const form = page.locator("#tag-form");
      await form.getByLabel("Tag").fill(tag);
      await form.getByLabel(mayTrend ? "May trend again" : "May not trend").check();
      await form.getByLabel("Reason").fill(reason);
      await Promise.all([page.waitForEvent("load"),
        confirmVia(page, form.getByRole("button", { name: "Decide…" }), "Change whether this tag may trend?", "Confirm",
          { mentions: ["#" + tag, "nobody earns trend credits from it"] })]);
      const row = page.locator("#tags tr", { hasText: "#" + tag });
      await row.waitFor();
      const text = await row.textContent();
      check(text.includes(mayTrend ? "yes" : "no") && text.includes(reason), `the table shows #${tag} ${mayTrend ? "may" : "may not"} trend: ${text}`);
      check(text.includes("@" + operator.handle), `the table says which operator decided: ${text}`);
      const tags = await api.call("GET", "/api/operator/trends/tags", { token: operator.token });
      const decided = tags.find(t => t.tag === tag);
      check(decided && decided.trendable === mayTrend && decided.reason === reason, "the API agrees: " + JSON.stringify(decided));
    };
    await decide(false, "Coordinated spam");
    await docShot(page, out, "console-tags-desktop.png", { fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: "dark" });
    await docShot(page, out, "console-tags-phone-dark.png", { fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: "light" });
    const violations = await axe(page);
    check(violations.length === 0, "axe-core finds no serious violation with an excluded tag listed:\n" + violations.join("\n"));
    await decide(true, "The campaign ended");
  },

  // A vetoed batch's page says an auditor vetoed it and where its amounts went: back to the creators, carried by the
  // next batch, which the operator creates and submits from the console and which the vetoed page then links to.
  async operatorSeesWhyABatchWasVetoed(browser, newPage) {
    const [operatorHandle, vetoedId, creatorHandle, creatorId] = extra;
    const operator = await known(operatorHandle);
    const vetoed = await api.call("GET", `/api/operator/settlement/batches/${vetoedId}`, { token: operator.token });
    check(vetoed.batch.status === "VETOED", "the batch is vetoed: " + vetoed.batch.status);
    const page = await newPage();
    await logIn(page, base, operator);
    await page.goto(base + "/console/settlement/batches/" + vetoedId);
    check((await page.locator("#batch-status").textContent()) === "vetoed", "the page says vetoed");
    let ended = await page.locator("#ended").textContent();
    check(ended.includes("An auditor vetoed this batch") && ended.includes(`Its ${vetoed.batch.deltaTotal} base units were not paid and are not lost`)
      && ended.includes("the next batch you create carries them"), "the page says why, and where the amounts went: " + ended);
    const violations = await axe(page);
    check(violations.length === 0, "axe-core finds no serious violation on the vetoed batch's page:\n" + violations.join("\n"));

    // The preview has the creator again; create and submit the next batch, and watch it become final.
    await Promise.all([page.waitForURL(base + "/console/settlement"), tab(page, "Settlement").click()]);
    check((await page.locator("#entitlements").textContent()).includes("@" + creatorHandle), "the preview pays the creator again");
    await Promise.all([page.waitForURL(/\/console\/settlement\/batches\/\d+$/), page.getByRole("button", { name: /^Create batch/ }).click()]);
    const nextId = Number(page.url().split("/").pop());
    await Promise.all([page.waitForEvent("load"),
      confirmVia(page, page.getByRole("button", { name: /^Submit batch/ }), "Submit this batch on chain?", "Submit the batch")]);
    await eventually(page, () => document.getElementById("batch-status")?.textContent === "final", null, "the next batch becomes final", 90000);

    // The vetoed batch's page now names the batch that carries its amounts, and links to it.
    await page.goto(base + "/console/settlement/batches/" + vetoedId);
    ended = await page.locator("#ended").textContent();
    check(ended.includes(`batch ${nextId}`) && ended.includes("carries them"), "the vetoed page names the batch that carries its amounts: " + ended);
    await docShot(page, out, "console-batch-vetoed-desktop.png");
    await Promise.all([page.waitForURL(base + "/console/settlement/batches/" + nextId),
      page.locator("#ended").getByRole("link", { name: `batch ${nextId}` }).click()]);
    const mine = vetoed.entitlements.find(e => e.accountId === Number(creatorId));
    const row = await page.locator("#batch-entitlements tr", { hasText: "@" + creatorHandle }).textContent();
    check(mine && row.includes(String(mine.delta)), `the next batch pays the creator the vetoed ${mine && mine.delta}: ${row}`);
    const next = await api.call("GET", `/api/operator/settlement/batches/${nextId}`, { token: operator.token });
    check(next.batch.status === "FINAL", "the API has the next batch FINAL");
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
