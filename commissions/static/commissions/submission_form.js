// Progressive enhancement for the submission form: show the local policy forum
// questions only for a forum report, and the region only when submitting for
// yourself. Without JavaScript every field is shown and the server checks them.
(function () {
  const form = document.querySelector("[data-submission-form]");
  if (!form) return;
  const fieldOf = (id) => document.getElementById(id)?.closest(".field");
  const forumFields = ["id_forum_held_on", "id_forum_attendees", "id_community_took_part"].map(fieldOf).filter(Boolean);
  const regionField = fieldOf("id_region");
  function update() {
    const kind = form.querySelector("input[name=kind]:checked");
    const isForum = kind && kind.value === "forum_report";
    forumFields.forEach((field) => { field.hidden = !isForum; });
    const behalf = form.querySelector("input[name=on_behalf]:checked");
    if (regionField) regionField.hidden = Boolean(behalf) && behalf.value !== "me";
  }
  form.addEventListener("change", update);
  update();
})();
