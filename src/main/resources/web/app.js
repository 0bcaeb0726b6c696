// Murmur's own page script (decision 0701): htmx settings, the compose counter, quick feedback on
// like/repost with rollback, error messages in words, and the live stream (new posts, unread count).
(function () {
  "use strict";

  // --- htmx: swap the forms the server sends back with 4xx (the refused form with its errors);
  // an action's error comes as text with HX-Reswap: none and is shown as a toast.
  document.addEventListener("DOMContentLoaded", function () {
    if (window.htmx) {
      htmx.config.responseHandling = [
        { code: "204", swap: false },
        { code: "[23]..", swap: true },
        { code: "[4]..", swap: true, error: true },
        { code: "...", swap: false, error: true }
      ];
      htmx.config.defaultFocusScroll = false;
    }
    document.querySelectorAll("textarea[data-counter]").forEach(updateCounter);
    startLive();
  });

  // --- Grapheme counter. The server (UserText.graphemeCount) counts extended grapheme clusters of
  // the NFC-normalised, stripped text with java.text.BreakIterator; Intl.Segmenter counts the same
  // clusters, so an emoji family, a flag or a letter with combining marks is one character on both.
  var segmenter = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;
  // Java's String.strip() removes Character.isWhitespace characters: not the no-break spaces.
  var JAVA_SPACE = "[\\t\\n\\u000B\\f\\r\\u001C-\\u001F \\u1680\\u2000-\\u2006\\u2008-\\u200A\\u2028\\u2029\\u205F\\u3000]";
  var STRIP = new RegExp("^" + JAVA_SPACE + "+|" + JAVA_SPACE + "+$", "g");

  function graphemes(text) {
    var t = text.normalize("NFC").replace(STRIP, "");
    if (!segmenter) {
      return Array.from(t).length;
    }
    var n = 0;
    for (var _ of segmenter.segment(t)) { n++; }
    return n;
  }
  window.murmurGraphemes = graphemes;

  function updateCounter(area) {
    var counter = document.getElementById(area.dataset.counter);
    if (!counter) { return; }
    var left = Number(area.dataset.max) - graphemes(area.value);
    counter.textContent = String(left);
    counter.classList.toggle("over", left < 0);
    counter.classList.toggle("near", left >= 0 && left < 20);
    counter.setAttribute("aria-label", left < 0 ? (-left) + " characters over the limit" : left + " characters left");
  }

  document.addEventListener("input", function (e) {
    if (e.target.matches && e.target.matches("textarea[data-counter]")) { updateCounter(e.target); }
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    var root = e.detail.target && e.detail.target.parentNode ? e.detail.target.parentNode : document;
    root.querySelectorAll("textarea[data-counter]").forEach(updateCounter);
  });
  // Ctrl/Cmd+Enter posts from the compose box.
  document.addEventListener("keydown", function (e) {
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter" && e.target.matches && e.target.matches("textarea[data-counter]")) {
      e.preventDefault();
      var form = e.target.closest("form");
      if (form) { form.requestSubmit(); }
    }
  });

  // --- Like and repost: show the new state at once, keep the old markup to roll back to.
  document.addEventListener("htmx:beforeRequest", function (e) {
    var button = e.detail.elt;
    if (!button.matches || !button.matches("button[data-toggle]")) { return; }
    var bar = button.closest(".actions");
    bar.dataset.before = bar.innerHTML;
    var on = button.getAttribute("aria-pressed") === "true";
    button.setAttribute("aria-pressed", on ? "false" : "true");
    button.classList.toggle("on", !on);
    var n = button.querySelector(".n");
    if (n) { n.textContent = String(Math.max(0, Number(n.textContent) + (on ? -1 : 1))); }
  });

  // Only HTML is ever swapped in: a problem+json or text answer becomes a message instead.
  document.addEventListener("htmx:beforeSwap", function (e) {
    var type = e.detail.xhr.getResponseHeader("Content-Type") || "";
    if (e.detail.xhr.status >= 400 && type.indexOf("text/html") < 0) {
      e.detail.shouldSwap = false;
      e.detail.isError = true;
    }
  });

  function problemText(xhr) {
    var type = xhr.getResponseHeader("Content-Type") || "";
    var body = xhr.responseText || "";
    if (type.indexOf("json") >= 0) {
      try {
        var p = JSON.parse(body);
        return p.detail || p.title || "The request was refused";
      } catch (ignored) { return "The request was refused"; }
    }
    if (type.indexOf("text/plain") >= 0 && body) { return body; }
    return null;
  }

  document.addEventListener("htmx:responseError", function (e) {
    var xhr = e.detail.xhr;
    var message = problemText(xhr);
    var button = e.detail.elt;
    if (button.matches && button.matches("button[data-toggle]")) {
      var bar = button.closest(".actions");
      if (bar && bar.dataset.before !== undefined) { bar.innerHTML = bar.dataset.before; htmx.process(bar); }
    }
    if (message) { toast(message, true); }
  });
  document.addEventListener("htmx:sendError", function () {
    toast("Murmur could not be reached. Check your connection and try again.", true);
  });

  function toast(message, error) {
    var t = document.getElementById("toast");
    if (!t) { return; }
    t.textContent = message;
    t.classList.toggle("error", !!error);
    t.hidden = false;
    clearTimeout(t._timer);
    t._timer = setTimeout(function () { t.hidden = true; }, 6000);
  }
  window.murmurToast = toast;

  // --- Live updates: new posts in home, the unread count (Server-Sent Events from /api/live).
  var fresh = 0;
  function startLive() {
    var url = document.body.dataset.live;
    if (!url || typeof EventSource === "undefined") { return; }
    var me = document.body.dataset.me;
    var source = new EventSource(url);
    source.addEventListener("post", function (e) {
      var bar = document.getElementById("new-posts");
      var data = {};
      try { data = JSON.parse(e.data); } catch (ignored) { /* keep counting */ }
      if (!bar || data.author === me) { return; }
      fresh++;
      bar.textContent = fresh === 1 ? "1 new post" : fresh + " new posts";
      bar.hidden = false;
    });
    source.addEventListener("notification", function (e) {
      var badge = document.getElementById("unread");
      try {
        var n = JSON.parse(e.data).unread;
        badge.textContent = String(n);
        badge.setAttribute("aria-label", n + " unread");
        badge.hidden = n === 0;
      } catch (ignored) { /* next event */ }
    });
  }

  document.addEventListener("click", function (e) {
    var bar = e.target.closest && e.target.closest("#new-posts");
    if (!bar) { return; }
    fresh = 0;
    bar.hidden = true;
    htmx.ajax("GET", "/feed", { target: "#feed", swap: "innerHTML" }).then(function () {
      var first = document.querySelector("#feed article");
      if (first) { first.setAttribute("tabindex", "-1"); first.focus(); }
    });
  });
})();
