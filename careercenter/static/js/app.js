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
  // A table that scrolls sideways (phones) can be scrolled from the keyboard: it takes focus
  // and is named by its caption (WCAG 2.1.1; axe's scrollable-region-focusable).
  const focusWideTables = () => {
    document.querySelectorAll(".table-wrap").forEach((wrap) => {
      const scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        const caption = wrap.querySelector("caption");
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", caption ? caption.innerText.trim() : "Table");
        wrap.dataset.focusAdded = "1";
      } else if (!scrolls && wrap.dataset.focusAdded) {
        ["tabindex", "role", "aria-label"].forEach((name) => wrap.removeAttribute(name));
        delete wrap.dataset.focusAdded;
      }
    });
  };
  focusWideTables();
  window.addEventListener("resize", focusWideTables);
});
