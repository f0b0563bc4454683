// Metric form: show only the fields of the chosen way of computing (dataset measure or formula).
// Without JavaScript every field stays visible and the server ignores the ones not chosen.
(function () {
  var form = document.querySelector(".metric-form");
  if (!form) return;
  var byDataset = ["dataset", "measure", "date_column", "grain", "filter"];
  var byFormula = ["formula"];
  function field(name) {
    var input = form.querySelector("[name=" + name + "]");
    return input && input.closest(".field");
  }
  function update() {
    var chosen = form.querySelector("input[name=source]:checked");
    var formula = chosen && chosen.value === "formula";
    byDataset.forEach(function (name) { var f = field(name); if (f) f.hidden = formula; });
    byFormula.forEach(function (name) { var f = field(name); if (f) f.hidden = !formula; });
  }
  form.addEventListener("change", function (event) { if (event.target.name === "source") update(); });
  update();
})();
