// Keeps the reading-age advice beside each child-facing field up to date while the officer types (the
// "Check reading age" button does the same without JavaScript). Advice only: it never stops a save.
const script = document.querySelector("script[data-url][src$='reading-age.js']");
const url = script && script.dataset.url;
const WAIT_MS = 600;

function show(advice, reading) {
  advice.replaceChildren();
  advice.classList.toggle("cp-reading-age--hard", reading.too_hard);
  if (reading.tag) {
    const tag = document.createElement("strong");
    tag.className = "govuk-tag " + (reading.too_hard ? "govuk-tag--orange" : "govuk-tag--green");
    tag.textContent = reading.tag;
    advice.append(tag, " ");
  }
  advice.append(reading.message);
}

if (url) {
  for (const advice of document.querySelectorAll("[data-reading-age-for]")) {
    const field = document.getElementById(advice.dataset.readingAgeFor);
    if (!field) continue;
    let timer;
    field.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const query = new URLSearchParams({ text: field.value, band: advice.dataset.readingAgeBand || "" });
        try {
          const response = await fetch(`${url}?${query}`, { credentials: "same-origin" });
          if (response.ok) show(advice, await response.json());
        } catch {
          // Offline or signed out: the advice stays as it was; the button still works.
        }
      }, WAIT_MS);
    });
  }
}
