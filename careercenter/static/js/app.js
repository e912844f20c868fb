// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Confirm destructive actions marked with data-confirm.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  // Signing out forgets blueprint text this device kept (shared computers).
  document.querySelectorAll("form[data-forget-drafts]").forEach((form) => {
    form.addEventListener("submit", () => {
      window.ccSigningOut = true; // the blueprint editor keeps nothing more on its way out
      try {
        Object.keys(localStorage).filter((key) => key.startsWith("cc-plan-"))
          .forEach((key) => localStorage.removeItem(key));
      } catch (e) { /* storage disabled: nothing kept */ }
    });
  });
});
