// Choosing KPIs, progressive enhancement only (every page works without it):
// puts each "?" of the KPI form next to its field's label, and focuses the field a
// quality-check link points to (…/editar/#id_owner).
document.addEventListener("DOMContentLoaded", function () {
  var panel = document.querySelector("[data-form-concepts]");
  if (panel) {
    panel.querySelectorAll(".concept").forEach(function (concept) {
      var label = document.querySelector('label[for="' + concept.dataset.for + '"]');
      var details = concept.querySelector("details.explain");
      if (!label || !details) return;
      var row = document.createElement("div");
      row.className = "label-row";
      label.replaceWith(row);
      row.append(label, details);
      concept.remove();
    });
    if (!panel.querySelector(".concept")) panel.remove();
  }
  var id = location.hash ? decodeURIComponent(location.hash.slice(1)) : "";
  var field = id && document.getElementById(id);
  if (field && /^(INPUT|SELECT|TEXTAREA)$/.test(field.tagName)) {
    field.scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
  }
});
