// The review screen: autosave the draft review, and insert saved comments from the bank.
// Everything works without it (the Save draft button, typing the comment by hand).
document.addEventListener("DOMContentLoaded", () => {
  // Comment bank: the page holds its options once; a box gets its chooser (a labelled select
  // and an Insert button, both reachable by keyboard) when it is first opened.
  const bankOptions = document.getElementById("comment-bank-options");
  const addChooser = (slot) => {
    const boxId = slot.dataset.bankFor;
    const box = document.getElementById(boxId);
    if (!box || !bankOptions || slot.childElementCount) return;
    const label = document.createElement("label");
    label.htmlFor = `${boxId}-bank`;
    label.textContent = "Insert from the comment bank";
    const select = document.createElement("select");
    select.id = `${boxId}-bank`;
    select.append(bankOptions.content.cloneNode(true));
    const button = document.createElement("button");
    button.type = "button";
    button.className = "secondary small";
    button.textContent = "Insert";
    button.addEventListener("click", () => {
      if (!select.value) return;
      box.value = box.value ? `${box.value.trimEnd()}\n${select.value}` : select.value;
      box.focus();
    });
    slot.append(label, select, button);
    slot.hidden = false;
  };
  document.querySelectorAll("div[data-bank-for]").forEach((slot) => {
    const details = slot.closest("details");
    if (!details) { addChooser(slot); return; }
    if (details.open) addChooser(slot);
    details.addEventListener("toggle", () => { if (details.open) addChooser(slot); });
  });

  // Autosave: a pause after typing or a change of rating saves the draft in the background.
  const form = document.getElementById("draft-form");
  if (!form) return;
  const status = document.getElementById("autosave-status");
  const version = document.getElementById("draft-version");
  let timer = null;
  let saving = false;
  const save = async () => {
    if (saving) { timer = setTimeout(save, 800); return; }
    saving = true;
    try {
      const response = await fetch(form.dataset.autosave, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const answer = await response.json();
      if (answer.ok) {
        version.value = answer.version;
        status.textContent = "Draft saved.";
      } else {
        status.textContent = `Not saved: ${answer.error}`;
      }
    } catch (e) {
      status.textContent = "Not saved: the connection failed. Use Save draft.";
    } finally {
      saving = false;
    }
  };
  const later = () => { clearTimeout(timer); timer = setTimeout(save, 1500); };
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("submit", () => clearTimeout(timer));
});
