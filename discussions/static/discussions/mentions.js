/* @mention suggestions while typing a post.
 *
 * A form marked data-mentions="<suggestions URL>" gets, under each textarea, a list of members
 * matching what follows an "@" (names already shown in the network, from the server). Down arrow
 * moves into the list, Enter or a click puts "@handle " in the text, Escape goes back to typing.
 * Without JavaScript the form works as before: members type @handle themselves (it is shown on
 * each member's profile).
 */
(function () {
  "use strict";
  var TYPED = /(^|[^\w@\/.+-])@([\w.+-]{1,40})$/;
  var counter = 0;
  // The reader's language, from Django's JavaScript catalogue (/jsi18n/, loaded by base.html first).
  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, many, count) { return count === 1 ? one : many; };
  var interpolate = window.interpolate || function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (all, name) { return values[name]; });
  };

  function enhance(form) {
    var source = form.getAttribute("data-mentions");
    form.querySelectorAll("textarea").forEach(function (textarea) { attach(textarea, source); });
  }

  function attach(textarea, source) {
    counter += 1;
    var box = document.createElement("div");
    box.className = "mention-box";
    box.hidden = true;
    var list = document.createElement("ul");
    list.className = "mention-list";
    list.id = "mention-list-" + counter;
    list.setAttribute("aria-label", gettext("Members to mention"));
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    box.appendChild(list);
    textarea.insertAdjacentElement("afterend", box);
    textarea.insertAdjacentElement("afterend", status);
    var timer = null;
    var asked = 0;
    var start = -1;

    function close() {
      box.hidden = true;
      list.textContent = "";
      start = -1;
    }

    function choose(handle) {
      var caret = textarea.selectionStart;
      var before = textarea.value.slice(0, start) + "@" + handle + " ";
      textarea.value = before + textarea.value.slice(caret);
      textarea.focus();
      textarea.setSelectionRange(before.length, before.length);
      status.textContent = interpolate(gettext("@%(handle)s added."), { handle: handle }, true);
      close();
    }

    function show(members, typedAt) {
      list.textContent = "";
      if (!members.length) {
        close();
        status.textContent = "";
        return;
      }
      start = typedAt;
      members.forEach(function (member) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "mention-choice";
        button.textContent = member.name + " ";
        var handle = document.createElement("span");
        handle.className = "meta";
        handle.textContent = "@" + member.handle;
        button.appendChild(handle);
        button.addEventListener("click", function () { choose(member.handle); });
        item.appendChild(button);
        list.appendChild(item);
      });
      box.hidden = false;
      status.textContent = interpolate(ngettext(
        "%(count)s member matches: press the down arrow to choose.",
        "%(count)s members match: press the down arrow to choose.",
        members.length), { count: members.length }, true);
    }

    function lookUp() {
      var typed = TYPED.exec(textarea.value.slice(0, textarea.selectionStart));
      if (!typed) { close(); return; }
      var typedAt = textarea.selectionStart - typed[2].length - 1;
      var ticket = ++asked;
      fetch(source + "&q=" + encodeURIComponent(typed[2]), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { members: [] }; })
        .then(function (data) { if (ticket === asked) show(data.members || [], typedAt); })
        .catch(close);
    }

    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(lookUp, 200);
    });
    textarea.addEventListener("keydown", function (event) {
      if (box.hidden) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        list.querySelector("button").focus();
      } else if (event.key === "Escape") {
        close();
      }
    });
    list.addEventListener("keydown", function (event) {
      var buttons = Array.prototype.slice.call(list.querySelectorAll("button"));
      var at = buttons.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && at < buttons.length - 1) {
        event.preventDefault();
        buttons[at + 1].focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (at > 0) buttons[at - 1].focus(); else textarea.focus();
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
        textarea.focus();
      }
    });
  }

  document.querySelectorAll("form[data-mentions]").forEach(enhance);
})();
