// «Copiar resumen»: puts the summary on the clipboard; where the browser cannot, selects the text to copy by hand.
(function () {
  "use strict";

  function selectText(box) {
    var details = box.closest("details");
    if (details) details.open = true;
    box.focus();
    box.select();
    box.setSelectionRange(0, box.value.length);
  }

  function say(button, message) {
    var status = button.parentNode.querySelector(".share-status");
    if (status) status.textContent = message;
  }

  function fallback(button, box) {
    selectText(box);
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
    say(button, copied ? button.dataset.copied : button.dataset.selected);
  }

  function copy(event) {
    var button = event.currentTarget;
    var box = document.getElementById(button.dataset.copy);
    if (!box) return;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(box.value).then(
        function () { say(button, button.dataset.copied); },
        function () { fallback(button, box); }
      );
    } else {
      fallback(button, box);
    }
  }

  function start() {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      button.hidden = false;
      button.addEventListener("click", copy);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
