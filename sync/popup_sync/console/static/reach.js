// The print view's Print button (the console's CSP allows no inline script).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("print-now");
  if (button) button.addEventListener("click", () => window.print());
});
