// Keeps the pack panel's progress region up to date while a pack is being generated, so nobody has to
// refresh the page (the "Refresh this page" link does the same without JavaScript). The region is
// aria-live="polite": each new step is read out once. When the build ends the button comes back.
const region = document.querySelector("[data-build-status-url]");
const EVERY_MS = 2000;
const AT_MOST_MS = 15000;

function say(text) {
  let message = region.querySelector("[data-build-message]");
  if (!message) {
    message = document.createElement("p");
    message.className = "govuk-body";
    message.dataset.buildMessage = "";
    region.append(message);
  }
  if (message.textContent !== text) message.textContent = text;
}

function show(state) {
  const bar = document.querySelector("[data-build-bar]");
  const refresh = document.querySelector("[data-build-refresh]");
  const form = document.querySelector("[data-build-form]");
  say(state.message);
  region.classList.toggle("cp-build__status--failed", Boolean(state.failed));
  if (bar) {
    bar.value = state.progress;
    bar.textContent = `${state.progress}%`;
    bar.hidden = !state.active;
  }
  if (state.active) return;
  region.dataset.buildActive = "false";
  if (form) form.hidden = false;
  const none = document.querySelector("[data-build-no-versions]");
  if (none && state.status === "done") none.hidden = true; // there is a version now, listed on refreshing
  if (refresh) {
    // Done: the new version is listed once the page is drawn again.
    refresh.hidden = state.status !== "done";
    const link = refresh.querySelector("a");
    if (link) {
      link.textContent = "Refresh this page to see the new version";
      // A new query every time: the page's own address plus #pack-build would only scroll, not reload.
      link.search = `?refreshed=${Date.now()}`;
    }
  }
}

async function poll(wait) {
  try {
    const response = await fetch(region.dataset.buildStatusUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (response.ok) {
      const state = await response.json();
      if (state.status === "none") return;
      show(state);
      if (!state.active) return;
      wait = EVERY_MS;
    } else {
      wait = Math.min(wait * 2, AT_MOST_MS); // signed out or a server error: the refresh link still works
    }
  } catch {
    wait = Math.min(wait * 2, AT_MOST_MS); // offline for a moment
  }
  setTimeout(() => poll(wait), wait);
}

if (region && region.dataset.buildActive === "true") {
  const refresh = document.querySelector("[data-build-refresh]");
  if (refresh) refresh.hidden = true; // kept up to date here instead
  setTimeout(() => poll(EVERY_MS), EVERY_MS);
}
