/* Wagtail's admin starts some widgets with an inline <script> (choosers, date and time inputs,
   inline panels), which the site's Content-Security-Policy (script-src 'self') refuses. The
   project writes this file in their place (home/admin_scripts.py and the templates in
   home/templates/wagtailadmin/), with the same call as data: the name of one of Wagtail's
   globals and its arguments as JSON. A classic script runs where it stands in the page, so each
   widget starts at the same moment, and in the same order, as with Wagtail's inline script.

   Only the starters below can be called: any script on the site may be loaded by injected
   markup, so this one must not call whatever a data attribute names. */
(function () {
  "use strict";
  var CALLS = ["initDateChooser", "initTimeChooser", "initDateTimeChooser", "createTaskChooser"];
  var CONSTRUCTORS = [
    "Chooser", "PageChooser", "SnippetChooser", "ImageChooser", "DocumentChooser",
    "InlinePanel", "MultipleChooserPanel",
  ];
  var script = document.currentScript;
  if (!script) {
    return;
  }
  var data = script.dataset;
  var args = JSON.parse(data.args || "[]");
  if (data.construct && CONSTRUCTORS.indexOf(data.construct) >= 0) {
    var Widget = window[data.construct];
    new (Function.prototype.bind.apply(Widget, [null].concat(args)))();
  } else if (data.call && CALLS.indexOf(data.call) >= 0) {
    window[data.call].apply(window, args);
  } else {
    throw new Error("wagtail_admin_starters.js: no starter named " + (data.construct || data.call));
  }
})();
