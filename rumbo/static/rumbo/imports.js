// «Importar valores»: say a file is too big before spending a slow connection uploading it.
document.addEventListener("change", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.dataset.maxBytes) return;
  const form = input.closest("form");
  const warning = form && form.querySelector(".upload-too-big");
  const button = form && form.querySelector("button");
  const tooBig = Boolean(input.files.length && input.files[0].size > Number(input.dataset.maxBytes));
  if (warning) {
    warning.textContent = tooBig ? input.dataset.tooBig : "";
    warning.hidden = !tooBig;
  }
  if (button) button.disabled = tooBig;
});
