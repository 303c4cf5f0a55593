// Progress of a paper's PDF (/papers/<pk>/renders/<id>/). Without JavaScript the page reloads
// itself every few seconds (<meta http-equiv="refresh"> inside <noscript>). With it, this asks
// for the page in the background and changes only what changed, so that a screen reader is not
// taken back to the top on every check: the stage is a status message (role="status"), and when
// the PDF is ready (or has failed) the new content replaces the old and its heading takes focus.
// Loaded as a module from our own origin with the CSP nonce: nothing inline.
import { initAll } from "../build/govuk-frontend.min.js";

const box = document.querySelector("[data-render-progress]");
const main = document.getElementById("main-content");

async function check(every) {
  let doc;
  try {
    const response = await fetch(window.location.href, { cache: "no-store", credentials: "same-origin" });
    if (response.redirected || !response.ok) {
      window.location.reload(); // signed out, or something changed: let the server decide
      return;
    }
    doc = new DOMParser().parseFromString(await response.text(), "text/html");
  } catch {
    window.setTimeout(() => check(every), every * 2); // the network blinked: try again later
    return;
  }
  if (doc.querySelector("[data-render-progress]")) {
    for (const part of main.querySelectorAll("[data-render-part]")) {
      const fresh = doc.querySelector(`[data-render-part="${part.dataset.renderPart}"]`);
      if (fresh && fresh.innerHTML !== part.innerHTML) part.innerHTML = fresh.innerHTML;
    }
    window.setTimeout(() => check(every), every);
    return;
  }
  const freshMain = doc.getElementById("main-content");
  if (!freshMain) {
    window.location.reload();
    return;
  }
  main.innerHTML = freshMain.innerHTML;
  document.title = doc.title;
  initAll({ scope: main }); // an error summary focuses itself
  if (!main.querySelector(".govuk-error-summary")) {
    const heading = main.querySelector("h1");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.addEventListener("blur", () => heading.removeAttribute("tabindex"), { once: true });
      heading.focus();
    }
  }
}

if (box && main) {
  const every = (Number(box.dataset.renderProgress) || 3) * 1000;
  window.setTimeout(() => check(every), every);
}
