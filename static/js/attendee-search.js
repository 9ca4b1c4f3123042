// Filters the "Who attended" checkboxes as you type. Without JavaScript the whole list shows, sorted by
// family name, and the search box stays hidden. Ticked people are never hidden, so nothing is lost.
const box = document.querySelector(".cp-attendee-search");
const input = document.getElementById("attendee-search");
const count = document.getElementById("attendee-search-count");
const list = document.querySelector("input[name=attendees]")?.closest(".govuk-checkboxes");
if (box && input && list) {
  box.hidden = false;
  const items = Array.from(list.querySelectorAll(".govuk-checkboxes__item"));
  const filter = () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const item of items) {
      const text = item.textContent.toLowerCase();
      const ticked = item.querySelector("input").checked;
      const match = ticked || words.every((word) => text.includes(word));
      item.style.display = match ? "" : "none"; // GOV.UK's styles would override the hidden attribute
      if (match) shown += 1;
    }
    count.textContent = words.length ? `${shown} of ${items.length} people shown` : "";
  };
  input.addEventListener("input", filter);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault(); // searching, not submitting the form
  });
}
