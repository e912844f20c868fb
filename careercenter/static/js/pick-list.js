// Filter a long list of checkboxes by what is typed (name or email, accents ignored).
// Without this file the whole list shows and every box can still be ticked.
document.addEventListener("DOMContentLoaded", () => {
  // Letters that lose no accent to NFKD, spelled as typed on an English keyboard (Łucja: lucja).
  const letters = { "ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "þ": "th", "ı": "i" };
  const fold = (text) => text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[łøßæœđðþı]/g, (c) => letters[c]);
  document.querySelectorAll("[data-pick-filter]").forEach((box) => {
    const list = document.getElementById(box.dataset.pickFilter);
    const input = box.querySelector("input[type=search]");
    const status = box.querySelector("[role=status]");
    if (!list || !input) return;
    const items = Array.from(list.querySelectorAll("li")).map((li) => ({ li, text: fold(li.textContent) }));
    box.hidden = false;
    const apply = () => {
      const words = fold(input.value).split(/\s+/).filter(Boolean);
      let shown = 0;
      items.forEach(({ li, text }) => {
        const ticked = li.querySelector("input:checked") !== null; // a ticked box never hides
        const match = ticked || words.every((word) => text.includes(word));
        li.hidden = !match;
        if (match) shown += 1;
      });
      if (status) status.textContent = words.length ? `${shown} of ${items.length} shown` : "";
    };
    input.addEventListener("input", apply);
    // Enter in the search box filters; it does not submit the form half-chosen.
    input.addEventListener("keydown", (event) => { if (event.key === "Enter") event.preventDefault(); });
  });
});
