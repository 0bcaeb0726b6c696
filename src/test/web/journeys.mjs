// The web app's journeys (issue 13, docs/web.md), one per run:
//   node journeys.mjs <journey> <base URL> <output folder>
// Exit 0 and a last line "journey <name>: passed" when it passes; otherwise the error, and a
// screenshot of every open page in the output folder. dev.murmur.web.BrowserJourneyTest runs each.
import { join } from "node:path";
import { Api, PASSWORD, axe, check, docShot, eventually, logIn, runJourney } from "./lib.mjs";

const [name, base, out, ...extra] = process.argv.slice(2);
const api = new Api(base);
function articleWith(page, text) {
  return page.locator("article.post", { hasText: text });
}

const journeys = {
  // 1. A new reader signs up, follows two creators, sees their posts in home, likes one and replies to another.
  async signUpFollowLikeReply(browser, newPage) {
    const ada = await api.user("ada", "Ada Creator");
    const grace = await api.user("grace", "Grace Creator");
    const adaPost = await api.post(ada, "Compilers are poems #computing");
    const gracePost = await api.post(grace, "Ship it on Friday? #opensource");
    const page = await newPage();
    const reader = "reader_" + Date.now().toString(36);

    await page.goto(base + "/signup");
    await page.getByLabel("Handle").fill(reader);
    await page.getByLabel("Display name").fill("New Reader");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.locator("#signup-password-error").waitFor();
    check((await page.locator("#signup-password-error").textContent()).includes("10 to 128"), "the password error is next to the field");
    check(await page.getByLabel("Handle").inputValue() === reader, "the typed handle is kept");
    await page.getByLabel("Password").fill(PASSWORD);
    await Promise.all([page.waitForURL(base + "/"), page.getByRole("button", { name: "Sign up" }).click()]);
    await page.getByText("Your timeline is empty").waitFor();

    for (const creator of [ada, grace]) {
      await page.goto(base + "/u/" + creator.handle);
      await page.getByRole("button", { name: "Follow" }).click();
      await page.getByRole("button", { name: /Unfollow/ }).waitFor();
    }
    await page.goto(base + "/");
    await articleWith(page, "Compilers are poems").waitFor();
    await articleWith(page, "Ship it on Friday?").waitFor();
    const tag = articleWith(page, "Compilers are poems").getByRole("link", { name: "#computing" });
    check(await tag.getAttribute("href") === "/tag/computing", "the hashtag is a link to its page");

    const like = articleWith(page, "Compilers are poems").getByRole("button", { name: /^Like/ });
    await like.click();
    await articleWith(page, "Compilers are poems").getByRole("button", { name: /^Unlike, 1 likes/ }).waitFor();
    const stored = await api.call("GET", `/api/posts/${adaPost.id}`);
    check(stored.counts.likes === 1, "the like reached the server");

    await articleWith(page, "Ship it on Friday?").getByRole("link", { name: /^Reply/ }).click();
    await page.waitForURL(base + "/p/" + gracePost.id);
    await page.getByLabel("Write your reply").fill("Only with tests that pass");
    await page.getByRole("button", { name: "Reply", exact: true }).click();
    await articleWith(page, "Only with tests that pass").waitFor();
    const thread = await api.call("GET", `/api/posts/${gracePost.id}/thread`);
    check(thread.replies.items.some(r => r.text === "Only with tests that pass" && r.author.handle === reader),
      "the reply is in the thread on the server");
  },

  // 2. Emoji and combining marks at exactly 500 and 501 characters: the counter and the server agree.
  async graphemeCounterAgreesWithServer(browser, newPage) {
    const creator = await api.user("counter");
    const page = await newPage();
    await logIn(page, base, creator);
    const units = ["👨‍👩‍👧‍👦", "🇫🇷", "q\u0307\u0323", "🏳️‍🌈", "a", "👍🏽"];
    const text = n => Array.from({ length: n }, (_, i) => units[i % units.length]).join("");
    const box = page.getByLabel("What's happening?");

    await box.fill(text(501));
    check(await page.locator(".compose .counter").textContent() === "-1", "501 characters: the counter shows -1");
    await page.getByRole("button", { name: "Post", exact: true }).click();
    await page.locator(".compose .field-error").waitFor();
    const why = await page.locator(".compose .field-error").textContent();
    check(why.includes("501") && why.includes("500"), "the server refused 501 characters and says why: " + why);
    check(await page.getByLabel("What's happening?").inputValue() === text(501), "the refused text is kept");
    check(await page.locator(".compose .counter").textContent() === "-1", "the counter still shows -1");

    await page.getByLabel("What's happening?").fill(text(500));
    check(await page.locator(".compose .counter").textContent() === "0", "500 characters: the counter shows 0");
    await page.getByRole("button", { name: "Post", exact: true }).click();
    await page.locator(".compose .status", { hasText: "Posted." }).waitFor();
    const mine = await api.call("GET", `/api/timelines/profile/${creator.handle}`);
    check(mine.items.length === 1 && mine.items[0].text === text(500).normalize("NFC"), "the server accepted exactly the 500-character post");
    check(await page.locator(".compose .counter").textContent() === "500", "the box is empty again");
    await articleWith(page, "👨‍👩‍👧‍👦").first().waitFor();
  },

  // 3. A second browser session posts, and the first sees "1 new post" without reloading.
  async newPostsBarIsLive(browser, newPage) {
    const reader = await api.user("live");
    const author = await api.user("author");
    await api.follow(reader, author);
    const first = await newPage();
    await logIn(first, base, reader);
    const second = await newPage();
    await logIn(second, base, author);
    await first.waitForTimeout(500); // the event stream connects
    await second.getByLabel("What's happening?").fill("Fresh from the second session");
    await second.getByRole("button", { name: "Post", exact: true }).click();
    await first.getByRole("button", { name: "1 new post" }).waitFor({ timeout: 2500 });
    await first.getByRole("button", { name: "1 new post" }).click();
    await articleWith(first, "Fresh from the second session").waitFor();
  },

  // 4. Notifications arrive live for a like, a mention and a follow; the unread count changes; reading clears it.
  async notificationsArriveLive(browser, newPage) {
    const me = await api.user("noted");
    const fan = await api.user("fan");
    const mine = await api.post(me, "Notice me");
    const page = await newPage();
    await logIn(page, base, me);
    await page.waitForTimeout(500);
    await api.like(fan, mine.id);
    await api.post(fan, `hello @${me.handle}`);
    await api.follow(fan, me);
    await eventually(page, () => document.getElementById("unread").textContent.trim() === "3", null,
      "the unread count reaches 3 without a reload", 4000);
    await page.goto(base + "/notifications");
    await page.getByText(/liked your post/).waitFor();
    check(await page.getByRole("link", { name: "Notice me", exact: true }).count() === 1,
      "the like names the post by its text and links to it");
    await page.getByText(/mentioned you/).waitFor();
    check(await page.getByRole("link", { name: `hello @${me.handle}`, exact: true }).count() === 1,
      "the mention names the post that mentions by its text");
    await docShot(page, out, "notifications-desktop.png", { fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: "dark" });
    await docShot(page, out, "notifications-phone-dark.png", { fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: "light" });
    await page.getByText(/followed you/).waitFor();
    await page.getByRole("button", { name: "Mark all read" }).click();
    await page.waitForLoadState("load");
    await eventually(page, () => document.getElementById("unread").hidden, null, "marking read clears the count");
  },

  // 5. Blocking an account hides its posts and refuses its replies.
  async blockingHidesAndRefuses(browser, newPage) {
    const reader = await api.user("blocker");
    const pest = await api.user("pest");
    await api.follow(reader, pest);
    await api.post(pest, "Buy my thing now");
    const readerPost = await api.post(reader, "A quiet thought");
    const page = await newPage();
    await logIn(page, base, reader);
    await articleWith(page, "Buy my thing now").waitFor();
    await page.goto(base + "/u/" + pest.handle);
    await page.getByRole("button", { name: "Block" }).click();
    await page.getByRole("button", { name: "Unblock" }).waitFor();
    await page.goto(base + "/");
    await articleWith(page, "A quiet thought").waitFor();
    check(await articleWith(page, "Buy my thing now").count() === 0, "the blocked account's post is gone from home");

    const other = await newPage();
    await logIn(other, base, pest);
    const response = await other.goto(base + "/p/" + readerPost.id);
    check(response.status() === 403, "the blocked account cannot open the thread: " + response.status());
    await other.getByText(/blocked you/).first().waitFor();
    await other.goto(base + "/");
    const refused = await other.evaluate(async id => {
      const csrf = JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRF-Token"];
      const r = await fetch("/posts", { method: "POST", headers: { "X-CSRF-Token": csrf, "HX-Request": "true",
        "content-type": "application/x-www-form-urlencoded" }, body: "text=let+me+in&replyTo=" + id });
      return { status: r.status, text: await r.text() };
    }, readerPost.id);
    check(refused.status === 403, "a reply from the blocked account is refused: " + JSON.stringify(refused));
    const thread = await api.call("GET", `/api/posts/${readerPost.id}/thread`);
    check(thread.replies.items.length === 0, "no reply was stored");
  },

  // 6. <script>, javascript: links, bidi controls and very long words render as text without breaking the layout.
  async hostileTextRendersAsText(browser, newPage) {
    const author = await api.user("hostile");
    const long = "W".repeat(400);
    const texts = [
      "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">",
      "click javascript:window.__pwned=3 and https://example.org/ok?a=1&b=<b>",
      "long " + long + " word"
    ];
    for (const t of texts) { await api.post(author, t); }
    // Bidirectional overrides and isolates are refused, not stored (decision 0602), so they never reach a page.
    let refusal = null;
    try { await api.post(author, "bidi \u202Egnirts desrever\u202C and \u2066isolate\u2069 end"); } catch (e) { refusal = String(e); }
    check(refusal !== null && refusal.includes("422") && refusal.includes("bidirectional"), "a post with bidi controls is refused with the reason");
    const page = await newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(base + "/u/" + author.handle);
    await articleWith(page, "window.__pwned = 1").waitFor();
    check(await page.evaluate(() => window.__pwned) === undefined, "no script ran");
    check(await page.locator("article script, article img").count() === 0, "no markup from posts reached the DOM");
    check((await articleWith(page, "window.__pwned = 1").locator(".text").textContent()).includes("<script>"), "the markup shows as text");
    check(await page.locator('a[href^="javascript:"]').count() === 0, "javascript: never becomes a link");
    const link = articleWith(page, "click javascript").locator(".text a");
    check(await link.count() === 1, "only the https URL is a link");
    check((await link.getAttribute("href")).startsWith("https://example.org/ok"), "the link points where the text says");
    check(await link.getAttribute("rel") === "noopener nofollow ugc", "links carry rel=noopener nofollow ugc");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, "nothing is wider than the 390px screen (overflow " + overflow + "px)");
    const box = await articleWith(page, "long WWW").boundingBox();
    check(box.x >= 0 && box.x + box.width <= 390, "the long word wraps inside its card");
    check(await articleWith(page, "gnirts desrever").count() === 0, "the refused bidi post is nowhere on the page");
  },

  // 7. The keyboard alone can log in, compose and post.
  async keyboardOnly(browser, newPage) {
    const user = await api.user("keys");
    const page = await newPage();
    await page.goto(base + "/login");
    const focusOn = async (selector, max = 40) => {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press("Tab");
        if (await page.evaluate(s => document.activeElement && document.activeElement.matches(s), selector)) {
          const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
          check(outline !== "none", "the focused " + selector + " shows its focus");
          return;
        }
      }
      throw new Error("Tab never reached " + selector);
    };
    await focusOn("#login-handle");
    await page.keyboard.type(user.handle);
    await page.keyboard.press("Tab");
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForURL(base + "/"), page.keyboard.press("Enter")]);
    await focusOn("textarea[name=text]");
    await page.keyboard.type("Typed without a mouse");
    await focusOn("form.compose button[type=submit]");
    await page.keyboard.press("Enter");
    await articleWith(page, "Typed without a mouse").waitFor();
  },

  // 8. axe-core reports no serious or critical violation on any page, light and dark, desktop and phone.
  async accessibleEveryPage(browser, newPage) {
    const user = await api.user("axe", "Axe Tester");
    const friend = await api.user("axefriend", "Axe Friend");
    await api.follow(user, friend);
    const root = await api.post(friend, "Accessible by default #a11y https://example.org");
    await api.post(user, "A reply in the thread", { replyTo: root.id });
    await api.post(user, "Quoting it", { quoteOf: root.id });
    await api.like(user, root.id);
    const trends = await api.call("GET", "/api/trends/ended");
    const paths = ["/login", "/signup", "/trends", "/search", "/search?q=accessible", "/tag/a11y",
      "/u/" + friend.handle, "/p/" + root.id, "/p/999999999"];
    const signedIn = ["/", "/compose?quoteOf=" + root.id, "/notifications", "/settings/profile",
      "/u/" + user.handle, "/p/" + root.id, "/trends"];
    if (trends.length > 0) { paths.push("/trends/" + trends[0].id); }
    const problems = [];
    // Every page in both themes at desktop width (contrast differs by theme); the main pages again
    // at phone width, where the layout differs.
    const runs = [
      { scheme: "light", viewport: { width: 1280, height: 900 }, anonymous: paths, signedIn },
      { scheme: "dark", viewport: { width: 1280, height: 900 }, anonymous: paths, signedIn },
      { scheme: "light", viewport: { width: 390, height: 844 }, anonymous: ["/login", "/u/" + friend.handle], signedIn: ["/", "/p/" + root.id] },
      { scheme: "dark", viewport: { width: 390, height: 844 }, anonymous: ["/trends"], signedIn: ["/", "/notifications"] }
    ];
    for (const { scheme, viewport, anonymous: anonymousPaths, signedIn: signedInPaths } of runs) {
      const where = `${scheme} ${viewport.width}px`;
      const anonymous = await newPage({ colorScheme: scheme, viewport });
      for (const p of anonymousPaths) {
        const r = await anonymous.goto(base + p);
        check(r.status() < 400 || p === "/p/999999999", `${p} answered ${r.status()}`);
        for (const v of await axe(anonymous)) { problems.push(`${where} ${p}: ${v}`); }
      }
      const page = await newPage({ colorScheme: scheme, viewport });
      await logIn(page, base, user);
      for (const p of signedInPaths) {
        const r = await page.goto(base + p);
        check(r.status() < 400, `${p} (signed in) answered ${r.status()}`);
        for (const v of await axe(page)) { problems.push(`${where} ${p} (signed in): ${v}`); }
      }
      if (viewport.width > 1000) {
        await page.goto(base + "/");
        await page.getByLabel("What's happening?").fill("x".repeat(501));
        await page.getByRole("button", { name: "Post", exact: true }).click();
        await page.locator(".compose .field-error").waitFor();
        for (const v of await axe(page)) { problems.push(`${where} / (refused post): ${v}`); }
      }
      await anonymous.context().close();
      await page.context().close();
    }
    check(problems.length === 0, "axe-core found serious or critical violations:\n" + problems.join("\n"));
  },

  // 9. A state-changing request without the CSRF token is refused; the session cookie is HttpOnly and
  // logging out revokes it on the server.
  async csrfAndSessionSafety(browser, newPage) {
    const user = await api.user("csrf");
    const friend = await api.user("csrffriend");
    const post = await api.post(friend, "Like me if you can");
    const page = await newPage();
    await logIn(page, base, user);
    const results = await page.evaluate(async id => {
      const csrf = JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRF-Token"];
      const like = headers => fetch(`/posts/${id}/like`, { method: "POST", headers }).then(async r => ({
        status: r.status, type: r.headers.get("content-type"), body: await r.text() }));
      return {
        none: await like({}),
        wrong: await like({ "X-CSRF-Token": "forged" }),
        right: await like({ "X-CSRF-Token": csrf }),
        cookies: document.cookie
      };
    }, post.id);
    check(results.none.status === 403 && results.none.body.includes("csrf-rejected"), "no token: 403 csrf-rejected, got " + JSON.stringify(results.none));
    check(results.wrong.status === 403, "a wrong token: 403, got " + results.wrong.status);
    check(results.right.status === 200, "the page's own token works, got " + results.right.status);
    check(!results.cookies.includes("murmur_session"), "page scripts cannot read the session cookie");
    const stored = await api.call("GET", `/api/posts/${post.id}`);
    check(stored.counts.likes === 1, "only the request with the token liked the post");

    // A form on another site posting to Murmur sends the cookie (SameSite=Lax blocks it for POST
    // anyway) but never the token: simulate it from a page that has the cookie and no token.
    const forged = await page.evaluate(async () => {
      const r = await fetch("/logout", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "" });
      return r.status;
    });
    check(forged === 403, "a forged logout is refused: " + forged);

    const cookie = (await page.context().cookies()).find(c => c.name === "murmur_session");
    check(cookie && cookie.httpOnly && (cookie.sameSite === "Lax" || cookie.sameSite === "Strict"), "the session cookie is HttpOnly and SameSite: " + JSON.stringify(cookie));
    const apiWrite = await fetch(base + `/api/posts/${post.id}/like`, { method: "DELETE", headers: { cookie: "murmur_session=" + cookie.value } });
    check(apiWrite.status === 401, "the cookie does not authorise /api writes: " + apiWrite.status);
    await page.getByRole("button", { name: "Log out" }).click();
    await page.waitForURL(base + "/login");
    const again = await newPage({}, replay => replay.addCookies([{ ...cookie }]));
    await again.goto(base + "/");
    check(again.url() === base + "/login", "the revoked session no longer signs in: " + again.url());
  },

  // 10. A creator with settled earnings sees the totals, and the CSV statement the browser downloads
  // adds up to the page's total (issue 14). BrowserJourneyTest settles the creator's earnings first.
  async earningsAddUp(browser, newPage) {
    const [handle] = extra;
    const page = await newPage();
    await logIn(page, base, { handle });
    await page.getByRole("link", { name: "Earnings" }).click();
    await page.waitForURL(base + "/earnings");
    await page.getByRole("heading", { name: "Earnings", level: 1 }).waitFor();
    const total = await page.locator("#total-all .amount").getAttribute("data-total");
    check(toBase(total) > 0n, "the page shows a positive total: " + total);
    const settledOrBeyond = ["settled", "claimable", "claimed"].map(id => page.locator(`#total-${id} .amount`));
    let paid = 0n;
    for (const l of settledOrBeyond) { paid += toBase(await l.textContent()); }
    check(paid > 0n, "some earnings are settled on chain");
    await page.locator("#earnings-chart").waitFor();
    await eventually(page, () => document.getElementById("chart-status").hidden, null, "the chart drew");
    const postLink = page.locator("#posts-h ~ .table-wrap a[href^='/p/']").first();
    check(await postLink.count() > 0, "the per-post breakdown links to the post");
    const label = await postLink.textContent();
    check(label.startsWith("worth settling"), "a post is named by the start of its text, not its number: " + label);
    check(await page.getByText("How rewards are computed").count() === 1, "the reward formula is on the page");
    const [download] = await Promise.all([page.waitForEvent("download"),
      page.getByRole("link", { name: "Download statement (CSV)" }).click()]);
    const csv = await (await import("node:fs/promises")).readFile(await download.path(), "utf8");
    const rows = csv.trim().split(/\r?\n/);
    check(rows[0].startsWith("date,kind,period,post,trend,amount,status"), "the download is the statement CSV: " + rows[0]);
    const sum = rows.slice(1).map(r => toBase(r.split(",")[5])).reduce((a, b) => a + b, 0n);
    check(rows.length > 1 && sum === toBase(total), `the CSV adds up to the page's total: ${sum} vs ${toBase(total)}`);
    await page.screenshot({ path: join(out, "earnings-desktop.png"), fullPage: true }); // docs/web.md
    // The phone in the dark, loaded afresh so the chart draws at that size and in those colours.
    const phone = await newPage({ colorScheme: "dark", viewport: { width: 390, height: 844 } });
    await logIn(phone, base, { handle });
    await phone.goto(base + "/earnings");
    await eventually(phone, () => document.getElementById("chart-status").hidden, null, "the chart drew on the phone");
    check(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no sideways scrolling on the phone");
    await docShot(phone, out, "earnings-phone-dark.png", { fullPage: true });
  },

  // 11. The public transparency list shows the batch, and its page runs the audit live: every check passes.
  async transparencyChecksPass(browser, newPage) {
    const [chainBatchId] = extra;
    const page = await newPage();
    await page.goto(base + "/transparency");
    const link = page.getByRole("link", { name: "Batch " + chainBatchId, exact: true });
    await link.waitFor();
    await Promise.all([page.waitForURL(base + "/transparency/batches/" + chainBatchId), link.click()]);
    await page.locator("#audit-result").waitFor();
    const result = await page.locator("#audit-result").textContent();
    check(result.includes("Every check passed"), "the audit passed: " + result);
    check(await page.locator(".check.fail").count() === 0, "no check failed");
    check(await page.locator(".check.pass").count() > 0, "the checks are listed");
    const command = await page.locator("#audit-command").textContent();
    check(command.includes("./murmur audit batch " + chainBatchId), "the exact audit command is shown: " + command);
    check(await page.getByText("StandardMerkleTree.load").count() > 0, "the StandardMerkleTree snippet is shown");
    check(await page.getByRole("link", { name: "Download the manifest" }).count() === 1, "the manifest can be downloaded");
    check(await page.locator("[role=alert] .flag").count() === 0, "no foreign or mismatch flag");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(out, "transparency-batch-phone.png"), fullPage: true }); // docs/web.md
    const missing = await page.goto(base + "/transparency/batches/999999");
    check(missing.status() === 404, "an unknown batch is a 404 page: " + missing.status());
  },

  // 12. axe-core: no serious or critical violation on the money pages, light and dark, desktop and phone.
  async accessibleMoneyPages(browser, newPage) {
    const [handle, chainBatchId] = extra;
    const newcomer = await api.user("nomoney");
    const problems = [];
    for (const scheme of ["light", "dark"]) {
      for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
        const where = `${scheme} ${viewport.width}px`;
        const anonymous = await newPage({ colorScheme: scheme, viewport });
        for (const p of ["/transparency", "/transparency/batches/" + chainBatchId]) {
          const r = await anonymous.goto(base + p);
          check(r.status() < 400, `${p} answered ${r.status()}`);
          for (const v of await axe(anonymous)) { problems.push(`${where} ${p}: ${v}`); }
          const overflow = await anonymous.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          check(overflow <= 0, `${where} ${p} is no wider than the screen (overflow ${overflow}px)`);
        }
        for (const who of [{ handle }, newcomer]) {
          const page = await newPage({ colorScheme: scheme, viewport });
          await logIn(page, base, who);
          const r = await page.goto(base + "/earnings");
          check(r.status() < 400, `/earnings answered ${r.status()}`);
          for (const v of await axe(page)) { problems.push(`${where} /earnings (${who.handle}): ${v}`); }
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          check(overflow <= 0, `${where} /earnings is no wider than the screen (overflow ${overflow}px)`);
          await page.context().close();
        }
        await anonymous.context().close();
      }
    }
    check(problems.length === 0, "axe-core found serious or critical violations:\n" + problems.join("\n"));
  }
};

/** A token amount ("1.25") in base units of 18 decimals, exactly. */
function toBase(tokens) {
  const t = String(tokens).trim();
  const negative = t.startsWith("-");
  const [whole, fraction = ""] = (negative ? t.slice(1) : t).split(".");
  const value = BigInt(whole || "0") * 10n ** 18n + BigInt((fraction + "0".repeat(18)).slice(0, 18));
  return negative ? -value : value;
}

await runJourney(journeys, name, out);
