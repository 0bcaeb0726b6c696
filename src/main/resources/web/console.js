// The operator console's confirmations (docs/web.md, "Operator console"): an element with
// data-confirm="<dialog id>" asks in that <dialog> before htmx sends its request. The dialog says what
// the action does to whose money; its confirm button sends the request, Cancel or Escape drops it.
(function () {
  "use strict";
  var pending = null;

  document.addEventListener("htmx:confirm", function (e) {
    var elt = e.detail.elt;
    var id = elt && elt.getAttribute && elt.getAttribute("data-confirm");
    var dialog = id && document.getElementById(id);
    if (!dialog) { return; }
    e.preventDefault();
    var form = elt.closest("form") || elt;
    dialog.querySelectorAll("[data-field]").forEach(function (slot) {
      var input = form.querySelector("[name='" + slot.getAttribute("data-field") + "']");
      slot.textContent = input ? input.value : "";
    });
    pending = e.detail;
    dialog.returnValue = "";
    dialog.showModal();
  });

  // "close" does not bubble: listen in the capture phase for every dialog of the page.
  document.addEventListener("close", function (e) {
    var dialog = e.target;
    if (!dialog.matches || !dialog.matches("dialog.confirm") || !pending) { return; }
    var request = pending;
    pending = null;
    if (dialog.returnValue === "confirm") { request.issueRequest(true); }
  }, true);
})();
