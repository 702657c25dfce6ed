/* Confirmation in a dialog for buttons made with components/confirm_button.html.
 *
 * Without JavaScript such a button leads to a confirmation page. Here it opens a <dialog> asking
 * the same question; "yes" sends the form to its own action (the fields that only the
 * confirmation page needs are left out), "no" or Escape closes the dialog and puts focus back
 * on the button. Listening in the capture phase, this runs before any other script that handles
 * the form's submission (the live chat's, for one), which then handles the confirmed submission.
 */
(function () {
  "use strict";
  var dialog = null;
  var pending = null;

  function field(form, name) {
    var input = form.querySelector("input[name=" + name + "][data-confirm-field]");
    return input ? input.value : "";
  }

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-dialog-title");
    dialog.setAttribute("aria-describedby", "confirm-dialog-body");
    dialog.innerHTML =
      '<h2 id="confirm-dialog-title"></h2><p id="confirm-dialog-body"></p>' +
      '<div class="confirm-actions"><button type="button" class="button button-danger" data-answer="yes"></button> ' +
      '<button type="button" class="button button-secondary" data-answer="no">No, go back</button></div>';
    document.body.appendChild(dialog);
    dialog.addEventListener("click", function (event) {
      var answer = event.target.getAttribute && event.target.getAttribute("data-answer");
      if (answer) dialog.close(answer);
    });
    dialog.addEventListener("close", function () {
      var asked = pending;
      pending = null;
      if (!asked) return;
      if (dialog.returnValue === "yes") {
        send(asked.form);
      } else {
        asked.button.focus();
      }
    });
  }

  function send(form) {
    var extra = form.querySelectorAll("[data-confirm-field]");
    extra.forEach(function (input) { input.disabled = true; });
    // No submitter: the form goes to its own action, not to the confirmation page.
    form.requestSubmit();
    extra.forEach(function (input) { input.disabled = false; });
  }

  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || !button.hasAttribute("data-confirm")) return;
    if (typeof HTMLDialogElement !== "function") return; // the confirmation page asks instead
    event.preventDefault();
    event.stopImmediatePropagation();
    if (!dialog) build();
    pending = { form: event.target, button: button };
    dialog.querySelector("#confirm-dialog-title").textContent = field(event.target, "confirm_title");
    dialog.querySelector("#confirm-dialog-body").textContent = field(event.target, "confirm_body");
    dialog.querySelector("[data-answer=yes]").textContent = field(event.target, "confirm_label") || button.textContent;
    dialog.querySelector("[data-answer=no]").textContent = button.getAttribute("data-confirm-cancel") || "No, go back";
    dialog.returnValue = "";
    dialog.showModal();
    dialog.querySelector("[data-answer=no]").focus();
  }, true);
})();
