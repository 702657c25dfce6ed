/* The header's menu on a phone: one "Menu" button instead of every link, so the page starts at
 * the top of the screen. Without JavaScript (or on a wide screen) every link is shown. */
(function () {
  "use strict";
  var button = document.querySelector(".menu-toggle");
  var list = document.getElementById("site-nav-list");
  if (!button || !list) return;
  document.documentElement.classList.add("has-menu");
  button.hidden = false;
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    list.classList.toggle("is-open", open);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true" && list.contains(document.activeElement)) {
      button.click();
      button.focus();
    }
  });
})();
