// Murmur's wallet script (decision 0920, docs/web.md "Wallet"): finds the browser's wallet through
// EIP-6963 (or window.ethereum, EIP-1193), and drives the wallet flows of issue 14 with the
// transactions the server prepared (decision 0902): link with Sign-In with Ethereum, deposit
// (approve, then deposit), claim on the earnings page, veto on a batch page; and the tip dialog.
// The server keeps every rule; this file only talks to the wallet and says what happened in words.
(function () {
  "use strict";

  // ---- Wallet discovery: every EIP-6963 announcement, then window.ethereum as the fallback.
  var announced = [];
  window.addEventListener("eip6963:announceProvider", function (e) {
    var d = e.detail;
    if (!d || !d.provider || !d.info) { return; }
    if (announced.some(function (a) { return a.info.uuid === d.info.uuid; })) { return; }
    announced.push(d);
    renderPicker();
  });
  window.dispatchEvent(new Event("eip6963:requestProvider"));

  function wallets() {
    if (announced.length > 0) { return announced; }
    return window.ethereum ? [{ info: { uuid: "injected", name: "Browser wallet" }, provider: window.ethereum }] : [];
  }

  /** With several wallets the page offers a choice; with one it just uses it. */
  function renderPicker() {
    var box = document.getElementById("wallet-picker");
    var select = document.getElementById("wallet-choice");
    if (!box || !select) { return; }
    var all = wallets();
    box.hidden = all.length < 2;
    var chosen = select.value;
    select.textContent = "";
    all.forEach(function (w) {
      var o = document.createElement("option");
      o.value = w.info.uuid;
      o.textContent = w.info.name;
      select.appendChild(o);
    });
    if (chosen) { select.value = chosen; }
  }

  function provider() {
    var all = wallets();
    if (all.length === 0) { throw new WalletError("no-wallet"); }
    var select = document.getElementById("wallet-choice");
    var wanted = select && select.value;
    var match = all.filter(function (w) { return w.info.uuid === wanted; })[0];
    return (match || all[0]).provider;
  }

  // ---- Failures in words (the issue: a wrong network and a rejected signature are explained).
  function WalletError(kind, detail) {
    this.kind = kind;
    this.detail = detail;
  }

  var WORDS = {
    "no-wallet": "No wallet was found in this browser. Install one (MetaMask, Rabby, Coinbase Wallet…) or open this page in your wallet's browser.",
    "rejected": "You declined the request in your wallet, so nothing was signed or sent. Try again when you are ready.",
    "wrong-network": "Your wallet is on another network. Murmur pays on the network named below; switch to it and try again.",
    "reverted": "The transaction was sent but failed on chain; nothing moved. Reload the page to see the current state.",
    "pending-request": "Your wallet already has a request waiting: open it to answer."
  };

  function explain(e) {
    if (e instanceof WalletError) {
      if (e.kind === "wrong-network") { return WORDS["wrong-network"].replace("below", "by its chain id " + parseInt(e.detail, 16)); }
      return WORDS[e.kind] || e.detail || e.kind;
    }
    if (e && e.code === 4001) { return WORDS.rejected; }
    if (e && e.code === -32002) { return WORDS["pending-request"]; }
    if (e && e.problem) { return e.problem.detail || e.problem.title; }
    return (e && e.message) ? "The wallet answered: " + e.message : "Something went wrong; try again.";
  }

  function say(el, text, kind) {
    if (!el) { return; }
    el.textContent = text;
    el.classList.toggle("error", kind === "error");
    el.classList.toggle("done", kind === "done");
  }

  // ---- The wallet (EIP-1193).
  async function account() {
    var accounts = await provider().request({ method: "eth_requestAccounts" });
    if (!accounts || accounts.length === 0) { throw new WalletError("rejected"); }
    return accounts[0];
  }

  /** Refuses, in words, unless the wallet is on the chain the server prepared for. */
  async function onChain(chainIdHex) {
    var current = await provider().request({ method: "eth_chainId" });
    if (parseInt(current, 16) !== parseInt(chainIdHex, 16)) { throw new WalletError("wrong-network", chainIdHex); }
  }

  /** Offers wallet_switchEthereumChain next to a wrong-network message; retry runs again once switched. */
  function offerSwitch(statusEl, chainIdHex, retry) {
    var old = statusEl.parentNode.querySelector(".switch-network");
    if (old) { old.remove(); }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button quiet switch-network";
    button.textContent = "Switch my wallet to chain " + parseInt(chainIdHex, 16);
    button.addEventListener("click", async function () {
      try {
        await provider().request({ method: "wallet_switchEthereumChain", params: [{ chainId: chainIdHex }] });
        button.remove();
        retry();
      } catch (e) {
        say(statusEl, e && e.code === 4902 ? "Your wallet does not know this network yet; add it in the wallet first." : explain(e), "error");
      }
    });
    statusEl.after(button);
    button.focus();
  }

  function fail(statusEl, e, retry) {
    say(statusEl, explain(e), "error");
    if (e instanceof WalletError && e.kind === "wrong-network" && retry) { offerSwitch(statusEl, e.detail, retry); }
  }

  async function send(tx, from) {
    var params = { from: from, to: tx.to, data: tx.data, value: tx.value || "0x0" };
    return provider().request({ method: "eth_sendTransaction", params: [params] });
  }

  /** Waits for the receipt through the wallet's own node; a failed transaction is a WalletError. */
  async function mined(hash) {
    for (;;) {
      var receipt = await provider().request({ method: "eth_getTransactionReceipt", params: [hash] });
      if (receipt) {
        if (receipt.status && parseInt(receipt.status, 16) !== 1) { throw new WalletError("reverted"); }
        return receipt;
      }
      await sleep(1000);
    }
  }

  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  // ---- Murmur's server: GETs under /api (the session cookie reads them), writes under /wallet/actions
  // with the CSRF header (decision 0702). A problem answer is thrown with its type.
  function csrf() {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}"); } catch (e) { return {}; }
  }

  async function call(method, path, body, headers) {
    var h = Object.assign({ "accept": "application/json" }, csrf(), headers || {});
    if (body !== undefined) { h["content-type"] = "application/json"; }
    var r = await fetch(path, { method: method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin" });
    var text = await r.text();
    var json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    if (!r.ok) {
      var problem = json && json.type ? json : { type: "", title: r.status === 401 ? "Your session has ended; log in again" : "The server answered " + r.status, detail: "" };
      var err = new Error(problem.detail || problem.title);
      err.problem = problem;
      err.status = r.status;
      throw err;
    }
    return json;
  }

  function problemIs(e, type) {
    return e && e.problem && typeof e.problem.type === "string" && e.problem.type.endsWith("/" + type);
  }

  /** A write that may need the password again (403 step-up-required): asks for it once, then retries. */
  async function write(path, body, headers) {
    try {
      return await call("POST", path, body, headers);
    } catch (e) {
      if (!problemIs(e, "step-up-required")) { throw e; }
      await stepUp();
      return call("POST", path, body, headers);
    }
  }

  function stepUp() {
    var dialog = document.getElementById("step-up-dialog");
    var form = document.getElementById("step-up-form");
    var input = document.getElementById("step-up-password");
    var error = document.getElementById("step-up-error");
    return new Promise(function (resolve, reject) {
      function done(ok, value) {
        form.removeEventListener("submit", onSubmit);
        dialog.removeEventListener("close", onClose);
        if (dialog.open) { dialog.close(); }
        if (ok) { resolve(value); } else { reject(value); }
      }
      async function onSubmit(ev) {
        ev.preventDefault();
        error.hidden = true;
        try {
          var r = await call("POST", "/wallet/actions/step-up", { password: input.value });
          input.value = "";
          done(true, r);
        } catch (e) {
          error.textContent = problemIs(e, "invalid-credentials") ? "That password is not right." : explain(e);
          error.hidden = false;
          input.select();
        }
      }
      function onClose() { done(false, new WalletError("cancelled", "You cancelled the password confirmation; nothing changed.")); }
      form.addEventListener("submit", onSubmit);
      dialog.addEventListener("close", onClose);
      openDialog(dialog, input);
    });
  }

  // ---- Dialogs: <dialog> gives the modal focus trap and Escape; we return focus to the opener.
  var opener = null;
  function openDialog(dialog, focus) {
    opener = document.activeElement;
    dialog.showModal();
    if (focus) { focus.focus(); }
  }
  document.addEventListener("click", function (e) {
    var close = e.target.closest && e.target.closest("dialog [data-close]");
    if (close) { close.closest("dialog").close(); }
  });
  document.addEventListener("close", function () {
    if (opener && document.contains(opener)) { opener.focus(); }
  }, true);

  // ---- 1. Link a wallet with Sign-In with Ethereum (EIP-4361).
  async function link() {
    var status = document.getElementById("wallet-status");
    var button = document.getElementById("wallet-link");
    button.disabled = true;
    try {
      say(status, "Asking your wallet for its address…");
      var address = await account();
      var challenge = await write("/wallet/actions/siwe/nonce", { address: address });
      await onChain(challenge.chainIdHex);
      say(status, "Sign the message in your wallet: it proves the address is yours.");
      var message = challenge.message;
      var hex = "0x" + Array.from(new TextEncoder().encode(message)).map(function (b) { return b.toString(16).padStart(2, "0"); }).join("");
      var signature = await provider().request({ method: "personal_sign", params: [hex, address] });
      var linked = await write("/wallet/actions/siwe/verify", { message: message, signature: signature });
      say(status, "Linked " + linked.address + ". Payouts and deposits now use this wallet.", "done");
      setTimeout(function () { location.reload(); }, 800);
    } catch (e) {
      fail(status, e, link);
    } finally {
      button.disabled = false;
    }
  }

  // ---- 2. Deposit: approve, then deposit, then follow the deposit until the balance is credited.
  async function deposit(ev) {
    if (ev) { ev.preventDefault(); }
    var status = document.getElementById("wallet-status");
    var form = document.getElementById("deposit-form");
    var amount = document.getElementById("deposit-amount").value.trim();
    var steps = document.getElementById("deposit-steps");
    if (!/^[0-9]+(\.[0-9]+)?$/.test(amount) || Number(amount) <= 0) {
      say(status, "Enter the amount to deposit, in tokens, like 25 or 2.5.", "error");
      return;
    }
    form.querySelector("button").disabled = true;
    try {
      var plan = await call("GET", "/api/deposits/plan?amount=" + encodeURIComponent(amount));
      var from = await account();
      if (from.toLowerCase() !== plan.from.toLowerCase()) {
        throw new WalletError("other", "Your wallet is on " + from + ", but the linked wallet is " + plan.from + ": choose that account in the wallet.");
      }
      await onChain(plan.approve.chainIdHex);
      steps.hidden = false;
      steps.textContent = "";
      var approveStep = step(steps, "Allow Murmur's contract to take " + plan.tokens + " tokens: confirm in your wallet");
      var approve = await send(plan.approve, from);
      approveStep.textContent = "Allowance sent (" + short(approve) + "), waiting for it to be mined…";
      await mined(approve);
      approveStep.textContent = "Allowance confirmed";
      var depositStep = step(steps, "Deposit " + plan.tokens + " tokens: confirm in your wallet");
      var hash = await send(plan.deposit, from);
      for (;;) {
        var s = await call("GET", "/api/deposits/" + hash);
        if (s.state === "credited") { break; }
        if (s.state === "reverted") { throw new WalletError("reverted"); }
        depositStep.textContent = "Deposit " + short(hash) + ": " + s.confirmations + " of " + s.confirmationsRequired + " confirmations";
        await sleep(1000);
      }
      depositStep.textContent = "Deposit " + short(hash) + " credited";
      say(status, plan.tokens + " tokens were added to your tipping balance.", "done");
      setTimeout(function () { location.reload(); }, 800);
    } catch (e) {
      fail(status, e, deposit);
    } finally {
      form.querySelector("button").disabled = false;
    }
  }

  function step(list, text) {
    var li = document.createElement("li");
    li.textContent = text;
    list.appendChild(li);
    return li;
  }

  function short(hash) { return hash.slice(0, 10) + "…"; }

  function key() {
    return (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2);
  }

  async function withdraw(ev) {
    ev.preventDefault();
    var status = document.getElementById("wallet-status");
    var form = document.getElementById("withdraw-form");
    var amount = document.getElementById("withdraw-amount").value.trim();
    if (!/^[0-9]+(\.[0-9]+)?$/.test(amount) || Number(amount) <= 0) {
      say(status, "Enter the amount to withdraw, in tokens.", "error");
      return;
    }
    form.querySelector("button").disabled = true;
    try {
      var r = await write("/wallet/actions/withdraw", { amount: amount }, { "Idempotency-Key": form.dataset.key || (form.dataset.key = key()) });
      delete form.dataset.key;
      say(status, r.withdrawn + " tokens will be paid to your wallet by the next batch.", "done");
      setTimeout(function () { location.reload(); }, 800);
    } catch (e) {
      say(status, problemIs(e, "insufficient-balance") ? "Your tipping balance is smaller than that." : explain(e), "error");
    } finally {
      form.querySelector("button").disabled = false;
    }
  }

  // ---- 3. Tip dialog, from any post or profile.
  var tipTarget = null;
  function openTip(button) {
    var dialog = document.getElementById("tip-dialog");
    if (!dialog) { return; }
    tipTarget = { post: button.dataset.tipPost ? Number(button.dataset.tipPost) : null, creator: button.dataset.tipCreator };
    // One key per opening: a double click or a retry of this tip is one tip (Idempotency-Key).
    dialog.dataset.key = key();
    document.getElementById("tip-to").textContent = "@" + tipTarget.creator;
    document.getElementById("tip-error").hidden = true;
    document.getElementById("tip-send").disabled = false;
    openDialog(dialog, dialog.querySelector("input[name=preset]:checked"));
    quote();
  }

  function tipAmount() {
    var preset = document.querySelector("#tip-form input[name=preset]:checked");
    var custom = document.getElementById("tip-custom-field");
    custom.hidden = !preset || preset.value !== "custom";
    return preset && preset.value !== "custom" ? preset.value : document.getElementById("tip-custom").value.trim();
  }

  var quoted = 0;
  async function quote() {
    var out = document.getElementById("tip-quote");
    var amount = tipAmount();
    var mine = ++quoted;
    if (!/^[0-9]+(\.[0-9]+)?$/.test(amount) || Number(amount) <= 0) {
      out.textContent = "Enter an amount in tokens to see the fee.";
      return;
    }
    try {
      var q = await call("GET", "/api/tips/quote?amount=" + encodeURIComponent(amount));
      if (mine !== quoted) { return; }
      out.textContent = "You pay " + q.amount + " tokens from your tipping balance. Fee " + q.fee + " (" + (q.feeBps / 100) + "%); the creator receives " + q.creatorReceives + ".";
    } catch (e) {
      if (mine === quoted) { out.textContent = explain(e); }
    }
  }

  async function sendTip(ev) {
    ev.preventDefault();
    var dialog = document.getElementById("tip-dialog");
    var button = document.getElementById("tip-send");
    var error = document.getElementById("tip-error");
    var amount = tipAmount();
    error.hidden = true;
    if (!/^[0-9]+(\.[0-9]+)?$/.test(amount) || Number(amount) <= 0) {
      error.textContent = "Choose an amount, or enter one in tokens.";
      error.hidden = false;
      return;
    }
    button.disabled = true;
    try {
      var body = { post: tipTarget.post, creator: tipTarget.post ? null : tipTarget.creator, amount: amount,
        message: document.getElementById("tip-message").value || null, anonymous: document.getElementById("tip-anonymous").checked };
      var r = await write("/wallet/actions/tips", body, { "Idempotency-Key": dialog.dataset.key });
      dialog.close();
      document.getElementById("tip-message").value = "";
      toast("Tipped " + r.amount + " tokens to @" + tipTarget.creator + ". Your balance: " + r.balance + ".");
    } catch (e) {
      if (problemIs(e, "insufficient-balance")) {
        error.innerHTML = "";
        error.append("Your tipping balance is too small for this tip. ");
        var a = document.createElement("a");
        a.href = "/wallet";
        a.textContent = "Deposit on the Wallet page";
        error.append(a, ".");
      } else {
        error.textContent = explain(e);
      }
      error.hidden = false;
      button.disabled = false;
    }
  }

  function toast(text) {
    var t = document.getElementById("toast");
    if (!t) { return; }
    t.textContent = text;
    t.hidden = false;
    setTimeout(function () { t.hidden = true; }, 6000);
  }

  // ---- 4. Claim on the earnings page: the server's claim transaction, then pending, then claimed.
  async function claim() {
    var status = document.getElementById("claim-status");
    var button = document.getElementById("claim-button");
    button.disabled = true;
    try {
      var c = await call("GET", "/api/claims/me/transaction");
      var from = await account();
      await onChain(c.transaction.chainIdHex);
      say(status, "Confirm the claim of " + tokens(c.claimable) + " tokens to " + c.address + " in your wallet.");
      var hash = await send(c.transaction, from);
      for (;;) {
        var s = await call("GET", "/api/claims/me/transactions/" + hash);
        if (s.state === "claimed") { break; }
        if (s.state === "reverted") { throw new WalletError("reverted"); }
        say(status, "Claim " + short(hash) + " is " + (s.state === "mined" ? "mined; waiting for Murmur to see it" : "pending") + "…");
        await sleep(1000);
      }
      say(status, "Claimed: the tokens are in " + c.address + " (transaction " + hash + ").", "done");
      moveToClaimed(BigInt(c.claimable));
    } catch (e) {
      if (problemIs(e, "nothing-to-claim")) {
        say(status, e.problem.detail || "Nothing is claimable now.", "error");
      } else {
        fail(status, e, claim);
      }
    } finally {
      button.disabled = false;
    }
  }

  /**
   * The claimed amount moves from Claimable to Claimed in the totals and in the claimed-against-unclaimed chart, as
   * the server now books it; the button goes, as nothing is left to claim.
   */
  function moveToClaimed(amount) {
    var now = document.getElementById("claimable-now");
    if (now) { now.textContent = "0"; }
    [["#total-claimable .amount", -amount], ["#total-claimed .amount", amount]].forEach(function (pair) {
      var el = document.querySelector(pair[0]);
      if (el) { el.textContent = tokens(baseUnits(el.textContent.trim()) + pair[1]); }
    });
    document.getElementById("claim-button").hidden = true;
    var chart = window.Chart && window.Chart.getChart(document.getElementById("claimed-chart"));
    if (chart) {
      var bars = chart.data.datasets[0].data, moved = Number(tokens(amount));
      chart.data.datasets[0].data = [bars[0] + moved, Math.max(0, bars[1] - moved)];
      chart.update();
    }
  }

  function decimals() {
    var box = document.getElementById("claim");
    return Number(box && box.dataset.decimals);
  }

  function baseUnits(text) {
    var parts = text.split(".");
    var frac = (parts[1] || "").padEnd(decimals(), "0").slice(0, decimals());
    return BigInt(parts[0] || "0") * (10n ** BigInt(decimals())) + BigInt(frac || "0");
  }

  function tokens(baseUnits) {
    var d = decimals();
    var s = String(baseUnits).padStart(d + 1, "0");
    var whole = s.slice(0, s.length - d), frac = s.slice(s.length - d).replace(/0+$/, "");
    return frac ? whole + "." + frac : whole;
  }

  // ---- 5. Auditor veto on a batch page, while the challenge window is open, with a countdown.
  async function setUpVeto(section) {
    var id = section.dataset.batch;
    // Only a batch on chain whose window may be open can be vetoed; don't ask the server about the others.
    if (["SUBMITTED", "CONFIRMED"].indexOf(section.dataset.status) < 0) { return; }
    var veto;
    try {
      veto = await call("GET", "/api/transparency/batches/" + id + "/veto-transaction");
    } catch (e) {
      return; // closed window, vetoed or unknown: no button
    }
    section.hidden = false;
    var ends = Date.now() + veto.windowSecondsLeft * 1000;
    var countdown = document.getElementById("veto-countdown");
    var button = document.getElementById("veto-button");
    function tick() {
      var left = Math.max(0, Math.round((ends - Date.now()) / 1000));
      var h = Math.floor(left / 3600), m = Math.floor(left % 3600 / 60), s = left % 60;
      countdown.textContent = (h ? h + " h " : "") + m + " min " + s + " s";
      if (left === 0) {
        button.disabled = true;
        countdown.textContent = "now: the window has closed";
        return;
      }
      setTimeout(tick, 1000);
    }
    tick();
    async function run() {
      var status = document.getElementById("veto-status");
      button.disabled = true;
      try {
        var from = await account();
        await onChain(veto.transaction.chainIdHex);
        say(status, "Confirm the veto in your auditor wallet.");
        var hash = await send(veto.transaction, from);
        say(status, "Veto " + short(hash) + " sent, waiting for it to be mined…");
        await mined(hash);
        say(status, "Batch " + id + " is vetoed on chain (transaction " + hash + "). Its amounts roll into the next batch.", "done");
      } catch (e) {
        fail(status, e, run);
        button.disabled = false;
      }
    }
    button.addEventListener("click", run);
  }

  // ---- Wiring.
  document.addEventListener("click", function (e) {
    var tip = e.target.closest && e.target.closest("[data-tip-creator]");
    if (tip) { e.preventDefault(); openTip(tip); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    renderPicker();
    var linkButton = document.getElementById("wallet-link");
    if (linkButton) { linkButton.addEventListener("click", link); }
    var depositForm = document.getElementById("deposit-form");
    if (depositForm) { depositForm.addEventListener("submit", deposit); }
    var withdrawForm = document.getElementById("withdraw-form");
    if (withdrawForm) { withdrawForm.addEventListener("submit", withdraw); }
    var tipForm = document.getElementById("tip-form");
    if (tipForm) {
      tipForm.addEventListener("submit", sendTip);
      tipForm.addEventListener("change", quote);
      document.getElementById("tip-custom").addEventListener("input", quote);
    }
    var claimButton = document.getElementById("claim-button");
    if (claimButton) { claimButton.addEventListener("click", claim); }
    var vetoSection = document.getElementById("veto");
    if (vetoSection) { setUpVeto(vetoSection); }
  });
})();
