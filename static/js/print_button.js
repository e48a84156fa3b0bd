// The coverage packet's "Print" button: shown only with JavaScript (the CSP allows no inline handlers).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
