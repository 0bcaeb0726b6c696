// The wallet journeys of issue 14 (docs/web.md "Wallet"), one per run:
//   node wallet-journeys.mjs <journey> <base URL> <output folder> <anvil RPC URL> [extra...]
// Each page gets a test wallet (eip1193.mjs): an EIP-1193 provider whose keys stay in this process.
// Every journey checks the chain and the API, not only the page. dev.murmur.web.WalletJourneyTest runs each.
import { parseUnits } from "ethers";
import { Api, PASSWORD, axe, check, docShot, eventually, logIn, runJourney } from "./lib.mjs";
import { injectWallet, tokenBalance } from "./eip1193.mjs";

const [name, base, out, rpcUrl, ...extra] = process.argv.slice(2);
const api = new Api(base);
const lower = s => String(s).toLowerCase();

async function withWallet(newPage, keyIndex, options = {}) {
  let wallet;
  const page = await newPage(options, async context => { wallet = await injectWallet(context, { rpcUrl, keyIndex }); });
  return { page, wallet };
}

/** Waits until the element says {@code text}; a locator, so it survives the page reloading itself. */
async function statusSays(page, selector, text, timeout = 60000) {
  try {
    await page.locator(selector, { hasText: text }).waitFor({ timeout });
  } catch (e) {
    const now = await page.locator(selector).textContent().catch(() => "(gone)");
    throw new Error(`${selector} never said "${text}" within ${timeout} ms; it says "${now}"`);
  }
}

const journeys = {
  // 1. A reader links a wallet (SIWE), deposits (approve, then deposit), tips a post with a message from the
  // tip dialog (a double click tips once), is told in words when the balance is short, tips anonymously from
  // the profile; the creator sees the tips. Chain: the wallet's tokens moved to the contract. API: the balances.
  async linkDepositTip(browser, newPage) {
    const [keyIndex] = extra;
    const reader = await api.user("tipper", "Tipping Reader");
    const creator = await api.user("tipped", "Tipped Creator");
    const post = await api.post(creator, "A post worth a tip " + Date.now());
    const { page, wallet } = await withWallet(newPage, Number(keyIndex));
    await logIn(page, base, reader);
    await page.getByRole("link", { name: "Wallet" }).click();
    await page.waitForURL(base + "/wallet");
    check(await page.locator("#no-wallet").count() === 1, "a new reader has no wallet yet");

    await page.getByRole("button", { name: "Link a wallet" }).click();
    await page.locator("#linked-address").waitFor({ timeout: 30000 });
    check(lower(await page.locator("#linked-address").textContent()) === lower(wallet.address), "the page shows the linked address");
    const mine = await api.call("GET", "/api/wallets/me", { token: reader.token });
    check(lower(mine.current.address) === lower(wallet.address), "the API has the wallet linked: " + JSON.stringify(mine));
    check(wallet.calls.includes("personal_sign"), "the wallet signed the SIWE message");

    const plan = await api.call("GET", "/api/deposits/plan?amount=1", { token: reader.token });
    const before = await tokenBalance(wallet.chain, plan.token, wallet.address);
    const contractBefore = await tokenBalance(wallet.chain, plan.token, plan.contract);
    await page.getByLabel("Deposit (tokens)").fill("20");
    await page.getByRole("button", { name: "Deposit from my wallet" }).click();
    await statusSays(page, "#wallet-status", "were added to your tipping balance");
    await page.locator('#balance[data-balance="20"]').waitFor({ timeout: 15000 }); // the page reloads with the new balance
    const twenty = parseUnits("20", plan.decimals);
    check(before - await tokenBalance(wallet.chain, plan.token, wallet.address) === twenty, "20 tokens left the wallet on chain");
    check(await tokenBalance(wallet.chain, plan.token, plan.contract) - contractBefore === twenty, "the contract holds 20 more on chain");
    check((await api.call("GET", "/api/balance", { token: reader.token })).balance === "20", "the API balance is 20");

    // The tip dialog from the post: preset 5, a message, the fee before confirming, a double click.
    await page.goto(base + "/p/" + post.id);
    await page.getByRole("button", { name: "Tip @" + creator.handle }).first().click();
    const dialog = page.getByRole("dialog", { name: "Tip @" + creator.handle });
    await dialog.waitFor();
    check(await page.evaluate(() => document.getElementById("tip-dialog").contains(document.activeElement)), "focus moved into the dialog");
    await dialog.getByLabel("5", { exact: true }).check();
    await dialog.getByLabel("Message (optional)").fill("great post, thank you");
    await statusSays(page, "#tip-quote", "the creator receives 5");
    await docShot(page, out, "tip-dialog.png");
    await dialog.getByRole("button", { name: "Send tip" }).dblclick();
    await eventually(page, () => !document.getElementById("tip-dialog").open, null, "the dialog closes after the tip", 15000);
    await statusSays(page, "#toast", "Tipped 5 tokens");
    check((await api.call("GET", "/api/tips/sent", { token: reader.token })).length === 1, "the double click tipped once");
    check((await api.call("GET", "/api/balance", { token: reader.token })).balance === "15", "the balance is 15 after one tip of 5");

    // Short balance: said in words, with the way to fix it; Escape closes the dialog and nothing is tipped.
    await page.getByRole("button", { name: "Tip @" + creator.handle }).first().click();
    await dialog.getByLabel("Other", { exact: true }).check();
    await dialog.getByLabel("Other amount (tokens)").fill("100");
    await dialog.getByRole("button", { name: "Send tip" }).click();
    await statusSays(page, "#tip-error", "Your tipping balance is too small");
    check(await dialog.getByRole("link", { name: "Deposit on the Wallet page" }).count() === 1, "the short balance links to deposits");
    await page.keyboard.press("Escape");
    await eventually(page, () => !document.getElementById("tip-dialog").open, null, "Escape closes the dialog");
    check((await api.call("GET", "/api/tips/sent", { token: reader.token })).length === 1, "a refused tip tipped nothing");

    // The page's write endpoint refuses what the API refuses, as problem+json, and moves nothing: no CSRF header,
    // a negative amount, no Idempotency-Key.
    const refused = await page.evaluate(async ({ post }) => {
      const csrf = JSON.parse(document.body.getAttribute("hx-headers"));
      const send = async (headers, body) => {
        const r = await fetch("/wallet/actions/tips", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
        return { status: r.status, type: r.headers.get("content-type"), problem: (await r.json().catch(() => ({}))).type };
      };
      return [
        await send({ "Idempotency-Key": "no-csrf" }, { post, amount: "1" }),
        await send({ ...csrf, "Idempotency-Key": "negative" }, { post, amount: "-1" }),
        await send({ ...csrf }, { post, amount: "1" })
      ];
    }, { post: post.id });
    check(refused[0].status === 403 && refused[0].problem?.endsWith("/csrf-rejected"), "no CSRF header: 403 " + JSON.stringify(refused[0]));
    check(refused[1].status === 422 && refused[1].type.startsWith("application/problem+json") && refused[1].problem?.endsWith("/invalid-amount"),
      "a negative amount: 422 invalid-amount " + JSON.stringify(refused[1]));
    check(refused[2].status === 400 && refused[2].type.startsWith("application/problem+json"), "no Idempotency-Key: 400 " + JSON.stringify(refused[2]));
    check((await api.call("GET", "/api/balance", { token: reader.token })).balance === "15", "the refused writes moved nothing");

    // Anonymous to the public, from the profile.
    await page.goto(base + "/u/" + creator.handle);
    await page.getByRole("button", { name: "Tip @" + creator.handle }).first().click();
    await dialog.getByLabel("1", { exact: true }).check();
    await dialog.getByLabel("Anonymous to the public (and to the creator)").check();
    await dialog.getByRole("button", { name: "Send tip" }).click();
    await statusSays(page, "#toast", "Tipped 1 tokens");

    const received = await api.call("GET", "/api/tips/received", { token: creator.token });
    check(received.length === 2, "the creator received two tips: " + JSON.stringify(received));
    check(received.some(t => t.message === "great post, thank you" && t.from === reader.handle && t.amount === "5"), "the named tip with its message");
    check(received.some(t => t.from === "anonymous" && t.amount === "1"), "the anonymous tip hides the tipper");
    const creatorPage = await newPage();
    await logIn(creatorPage, base, creator);
    await creatorPage.goto(base + "/wallet");
    const table = creatorPage.locator("#tips-received");
    await table.waitFor();
    check((await table.textContent()).includes("great post, thank you"), "the creator sees the tip and its message");
    check((await table.textContent()).includes("anonymous"), "the creator sees the anonymous tip as anonymous");
    await page.goto(base + "/wallet");
    await docShot(page, out, "wallet-desktop.png", { fullPage: true });
  },

  // 2. A wallet on another network, a declined signature and several wallets: explained in words, the
  // network switched through wallet_switchEthereumChain, nothing linked until the signature is given.
  async walletErrorsInWords(browser, newPage) {
    const [keyIndex, otherKeyIndex] = extra.map(Number);
    const reader = await api.user("careful", "Careful Reader");
    let first, second;
    const page = await newPage({}, async context => {
      first = await injectWallet(context, { rpcUrl, keyIndex, name: "First Wallet", uuid: "11111111-1111-4111-8111-111111111111" });
      second = await injectWallet(context, { rpcUrl, keyIndex: otherKeyIndex, name: "Second Wallet", uuid: "22222222-2222-4222-8222-222222222222" });
    });
    second.chainId = 1; // the chosen wallet is on Ethereum mainnet
    await logIn(page, base, reader);
    await page.goto(base + "/wallet");
    const picker = page.getByLabel("Which wallet?");
    await picker.waitFor();
    await picker.selectOption({ label: "Second Wallet" });
    second.decline.add("personal_sign");
    await page.getByRole("button", { name: "Link a wallet" }).click();
    await statusSays(page, "#wallet-status", "Your wallet is on another network");
    check(!second.calls.includes("personal_sign"), "nothing was signed on the wrong network");
    await page.getByRole("button", { name: "Switch my wallet to chain 31337" }).click();
    await statusSays(page, "#wallet-status", "You declined the request in your wallet");
    check(second.chainId === 31337, "the wallet switched networks through wallet_switchEthereumChain");
    check((await api.call("GET", "/api/wallets/me", { token: reader.token })).current === null, "a declined signature linked nothing");
    check(first.calls.length === 0, "the wallet not chosen was never asked");
    second.decline.delete("personal_sign");
    await page.getByRole("button", { name: "Link a wallet" }).click();
    await page.locator("#linked-address").waitFor({ timeout: 30000 });
    check(lower((await api.call("GET", "/api/wallets/me", { token: reader.token })).current.address) === lower(second.address),
      "the chosen wallet is linked once it signs");
  },

  // 3. A creator whose batch is final claims in the browser: pending, then claimed once the listener saw it;
  // the linked wallet's token balance on chain grows by exactly the claimable amount. WalletJourneyTest settles first.
  async claimInTheBrowser(browser, newPage) {
    const [keyIndex, handle, linkedAddress, token] = extra;
    const creatorToken = (await api.call("POST", "/api/auth/login", { body: { handle, password: PASSWORD } })).token;
    const prepared = await api.call("GET", "/api/claims/me/transaction", { token: creatorToken });
    const claimable = BigInt(prepared.claimable);
    check(claimable > 0n, "something is claimable");
    const { page, wallet } = await withWallet(newPage, Number(keyIndex));
    const before = await tokenBalance(wallet.chain, token, linkedAddress);
    await logIn(page, base, { handle });
    await page.goto(base + "/earnings");
    const shown = await page.locator("#claimable-now").textContent();
    check(parseUnits(shown.trim(), 6) === claimable, `the page's claimable ${shown} is the API's ${claimable}`);
    await page.getByRole("button", { name: "Claim in my wallet" }).click();
    await statusSays(page, "#claim-status", "Claimed:");
    check(!(await page.locator("#claim-button").isVisible()), "nothing is left to claim: the button went");
    await docShot(page, out, "claim-desktop.png", { element: "#claim" });
    const after = await tokenBalance(wallet.chain, token, linkedAddress);
    check(after - before === claimable, `the wallet's balance on chain grew by exactly ${claimable}: ${before} -> ${after}`);
    const earnings = await api.call("GET", "/api/earnings/me", { token: creatorToken });
    check(BigInt(earnings.settlement.claimed) === claimable, "the API books the claim: " + JSON.stringify(earnings.settlement));
    await page.reload();
    check(parseUnits((await page.locator("#total-claimed .amount").textContent()).trim(), 6) === claimable, "the page shows it claimed");
    await page.setViewportSize({ width: 1280, height: 1400 });
    await docShot(page, out, "earnings-desktop.png"); // the totals, the claim and the chart

  },

  // 4. An auditor, signed out, opens the batch page inside its challenge window: every check passes, a countdown
  // runs, and the veto goes out from the auditor's own wallet. WalletJourneyTest checks the chain and the roll-over.
  async auditorVetoes(browser, newPage) {
    const [keyIndex, chainBatchId] = extra;
    const { page, wallet } = await withWallet(newPage, Number(keyIndex));
    await page.goto(base + "/transparency");
    await Promise.all([page.waitForURL(base + "/transparency/batches/" + chainBatchId),
      page.getByRole("link", { name: "Batch " + chainBatchId, exact: true }).click()]);
    await statusSays(page, "#audit-result", "Every check passed");
    check(await page.locator(".check.fail").count() === 0, "no check failed");
    const button = page.getByRole("button", { name: "Veto batch " + chainBatchId + " from my wallet" });
    await button.waitFor();
    const first = await page.locator("#veto-countdown").textContent();
    check(/\d+ min \d+ s/.test(first), "a countdown shows the time left: " + first);
    await page.waitForTimeout(1500);
    check(await page.locator("#veto-countdown").textContent() !== first, "the countdown runs");
    await docShot(page, out, "veto-desktop.png");
    await button.click();
    await statusSays(page, "#veto-status", "is vetoed on chain");
    check(wallet.calls.includes("eth_sendTransaction"), "the auditor's wallet sent the veto");
  },

  // 6. The step-up (decision 0616): a session whose password proof is older than the step-up window (WalletJourneyTest
  // ages it) links a wallet. The password dialog opens before anything is signed; a wrong password is refused in words
  // and links nothing; the right one proceeds, the wallet signs and is linked, and the account's security log has
  // exactly one step-up.
  async stepUpBeforeLinking(browser, newPage) {
    const [keyIndex, handle, session] = extra;
    const token = (await api.call("POST", "/api/auth/login", { body: { handle, password: PASSWORD } })).token;
    const stepUps = async () => (await api.call("GET", "/api/accounts/me/security-events", { token })).filter(e => e.kind === "STEP_UP").length;
    let wallet;
    const page = await newPage({}, async context => {
      wallet = await injectWallet(context, { rpcUrl, keyIndex: Number(keyIndex) });
      await context.addCookies([{ name: "murmur_session", value: session, url: base }]);
    });
    await page.goto(base + "/wallet");
    check(await page.locator("#no-wallet").count() === 1, "the reader has no wallet yet");
    await page.getByRole("button", { name: "Link a wallet" }).click();
    const dialog = page.getByRole("dialog", { name: "Confirm your password" });
    await dialog.waitFor();
    check(await page.evaluate(() => document.activeElement?.id) === "step-up-password", "focus is in the password field");
    check(!wallet.calls.includes("personal_sign"), "nothing is signed before the password is confirmed");
    const violations = await axe(page);
    check(violations.length === 0, "axe-core finds no serious violation with the password dialog open:\n" + violations.join("\n"));
    await docShot(page, out, "step-up-dialog.png");

    await dialog.getByLabel("Password").fill("not the password");
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await statusSays(page, "#step-up-error", "That password is not right.");
    check(await dialog.isVisible(), "the dialog stays open after a wrong password");
    check((await api.call("GET", "/api/wallets/me", { token })).current === null, "a wrong password linked nothing");
    check(!wallet.calls.includes("personal_sign"), "a wrong password signed nothing");
    check(await stepUps() === 0, "a wrong password is no step-up");

    await dialog.getByLabel("Password").fill(PASSWORD);
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await page.locator("#linked-address").waitFor({ timeout: 30000 });
    check(!(await dialog.isVisible()), "the dialog closed");
    check(wallet.calls.includes("personal_sign"), "the wallet signed the SIWE message after the step-up");
    check(lower((await api.call("GET", "/api/wallets/me", { token })).current.address) === lower(wallet.address), "the API has the wallet linked");
    check(await stepUps() === 1, "the security log has the step-up");
  },

  // 5. axe-core on the pages and dialogs this wallet part adds, light and dark, desktop and phone.
  async accessibleWalletPages(browser, newPage) {
    const [handle, chainBatchId] = extra;
    const creator = await api.user("axeposter");
    const post = await api.post(creator, "Tip me, axe " + Date.now());
    const problems = [];
    for (const colorScheme of ["light", "dark"]) {
      for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
        const where = `${colorScheme} ${viewport.width}px`;
        const { page } = await withWallet(newPage, 7, { colorScheme, viewport });
        await logIn(page, base, { handle });
        for (const p of ["/wallet", "/earnings", "/transparency/batches/" + chainBatchId]) {
          const r = await page.goto(base + p);
          check(r.status() < 400, `${p} answered ${r.status()}`);
          for (const v of await axe(page)) { problems.push(`${where} ${p}: ${v}`); }
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          check(overflow <= 0, `${where} ${p} is no wider than the screen (overflow ${overflow}px)`);
        }
        await page.goto(base + "/p/" + post.id);
        await page.getByRole("button", { name: "Tip @" + creator.handle }).first().click();
        await page.getByRole("dialog").waitFor();
        for (const v of await axe(page)) { problems.push(`${where} tip dialog: ${v}`); }
        await page.context().close();
      }
    }
    check(problems.length === 0, "axe-core found serious or critical violations:\n" + problems.join("\n"));
  }
};

await runJourney(journeys, name, out);
