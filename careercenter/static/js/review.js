// The review screen: autosave the draft review, and insert saved comments from the bank.
// Everything works without it (the Save draft button, typing the comment by hand).
document.addEventListener("DOMContentLoaded", () => {
  // Comment bank: choose a saved comment, then press Insert (both reachable by keyboard).
  document.querySelectorAll("button[data-bank-insert]").forEach((button) => {
    const box = document.getElementById(button.dataset.bankInsert);
    const select = document.querySelector(`select[data-bank-for="${button.dataset.bankInsert}"]`);
    if (!box || !select) return;
    button.hidden = false;
    button.addEventListener("click", () => {
      if (!select.value) return;
      box.value = box.value ? `${box.value.trimEnd()}\n${select.value}` : select.value;
      box.focus();
    });
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
