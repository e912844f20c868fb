// 90-Day Blueprint editor: autosave, a copy kept on this device when offline, copy the hook.
// The editor works without this file: every button is an ordinary form submit.
(() => {
  "use strict";
  const DEBOUNCE_MS = 1500;
  const RETRY_MS = 15000;

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.getElementById("plan-editor");
    if (!form || !form.dataset.autosaveUrl || !window.fetch) return;
    const statusEl = document.getElementById("save-status");
    const pagesEl = document.getElementById("page-count");
    const findingsEl = document.getElementById("completeness");
    const storageKey = `cc-plan-${form.dataset.planId}`;
    let timer = null;
    let recountTimer = null;
    let inFlight = null;
    let dirty = false;
    let blocked = false; // a conflict: stop autosaving until the page is reloaded

    const setStatus = (text) => { statusEl.textContent = text; };
    const versionInput = () => form.querySelector("input[name='version']");
    const fields = () => {
      const data = {};
      new FormData(form).forEach((value, key) => {
        if (key !== "op" && typeof value === "string") data[key] = value;
      });
      return data;
    };
    const sameFields = (a, b) => {
      const skip = new Set(["version", "csrf_token"]);
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      return [...keys].every((k) => skip.has(k) || (a[k] || "") === (b[k] || ""));
    };
    const keepLocally = (viaSubmit = false) => {
      if (window.ccSigningOut) return;
      const data = fields();
      const record = { savedAt: new Date().toISOString(), fields: data, baseVersion: Number(data.version), viaSubmit };
      try {
        localStorage.setItem(storageKey, JSON.stringify(record));
      } catch (e) { /* storage full or disabled: the status message still warns */ }
    };
    const forgetLocal = () => { try { localStorage.removeItem(storageKey); } catch (e) { /* ignore */ } };

    const renderFindings = (findings) => {
      findingsEl.replaceChildren();
      if (!findings.length) {
        const li = document.createElement("li");
        li.textContent = "Nothing missing. Read it aloud once more, then submit it.";
        findingsEl.append(li);
        return;
      }
      findings.forEach((f) => {
        const li = document.createElement("li");
        li.className = `finding-${f.level}`;
        const a = document.createElement("a");
        a.href = `#${f.anchor}`;
        a.textContent = f.message;
        li.append(a);
        findingsEl.append(li);
      });
    };

    const save = async () => {
      if (blocked) return;
      timer = null;
      const payload = fields();
      const csrf = payload.csrf_token || "";
      dirty = false;
      setStatus("Saving…");
      let response;
      try {
        response = await fetch(form.dataset.autosaveUrl, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf },
          body: JSON.stringify(payload),
        });
      } catch (e) {
        dirty = true;
        keepLocally();
        setStatus("Offline — changes kept on this device. Saving again when the connection returns.");
        window.setTimeout(schedule, RETRY_MS);
        return;
      }
      let body = {};
      try { body = await response.json(); } catch (e) { body = {}; }
      if (response.ok) {
        versionInput().value = body.version;
        if (!dirty) forgetLocal();
        recountIn(body.recount_in);
        const time = new Date(body.saved_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
        setStatus(`Saved at ${time}.`);
        if (pagesEl.innerHTML.trim() !== body.page_count_html.trim()) pagesEl.innerHTML = body.page_count_html;
        renderFindings(body.findings || []);
      } else if (response.status === 409) {
        blocked = true;
        keepLocally();
        setStatus("Not saved: this blueprint was changed elsewhere. Use “Save draft” to compare both versions; your text is kept on this device.");
      } else if (response.status === 400) {
        blocked = true; // an expired session: saving again cannot work until a reload
        keepLocally();
        setStatus(body.message || "Your session expired — reload the page; your text is kept on this device.");
      } else {
        dirty = true;
        keepLocally();
        setStatus(body.message || "Not saved: something went wrong. Your text is kept on this device.");
      }
    };

    const run = () => { inFlight = save().finally(() => { inFlight = null; }); return inFlight; };
    // The last save postponed counting the pages (see `recount_in`): save again once it is due.
    const recountIn = (seconds) => {
      window.clearTimeout(recountTimer);
      if (seconds != null) recountTimer = window.setTimeout(() => { if (!timer && !inFlight) run(); }, seconds * 1000);
    };
    if (pagesEl.dataset.recountIn) recountIn(Number(pagesEl.dataset.recountIn));
    function schedule() {
      if (blocked) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(run, DEBOUNCE_MS);
    }

    form.addEventListener("input", () => { dirty = true; setStatus("Unsaved changes…"); schedule(); });
    form.addEventListener("change", () => { dirty = true; schedule(); });
    window.addEventListener("online", () => { if (dirty) schedule(); });

    // An ordinary submit (Save, add/remove/move, Submit) waits for a background save in flight,
    // so that it carries the newest version number.
    form.addEventListener("submit", (event) => {
      window.clearTimeout(timer);
      if (inFlight) {
        event.preventDefault();
        const submitter = event.submitter;
        inFlight.then(() => form.requestSubmit(submitter));
        return;
      }
      keepLocally(true); // forgotten on the next page if the server took it (a newer version)
      dirty = false;
    });
    window.addEventListener("beforeunload", (event) => {
      if (dirty) { keepLocally(); event.preventDefault(); event.returnValue = ""; }
    });

    // Offer to restore text this device kept but the server never received.
    let stored = null;
    try { stored = JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (e) { stored = null; }
    const landed = stored && stored.viaSubmit && Number(fields().version) > stored.baseVersion;
    if (stored && stored.fields) {
      if (landed || sameFields(stored.fields, fields())) {
        forgetLocal();
      } else {
        const offer = document.getElementById("restore-offer");
        document.getElementById("restore-when").textContent = new Date(stored.savedAt).toLocaleString();
        offer.hidden = false;
        document.getElementById("restore-no").addEventListener("click", () => { forgetLocal(); offer.hidden = true; });
        document.getElementById("restore-yes").addEventListener("click", () => {
          // Post the kept fields as an ordinary save at the current version: the server
          // rebuilds every list entry, including ones this page does not show.
          const restore = document.createElement("form");
          restore.method = "post";
          restore.action = form.action;
          const current = fields();
          Object.entries({ ...stored.fields, version: current.version, csrf_token: current.csrf_token || "" })
            .forEach(([name, value]) => {
              const input = document.createElement("input");
              input.type = "hidden";
              input.name = name;
              input.value = value;
              restore.append(input);
            });
          document.body.append(restore);
          forgetLocal();
          restore.submit();
        });
      }
    }

    // After an add, remove or move, put the focus on the control the page was sent back to.
    const target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (target) {
      const control = target.matches("input, textarea, select, button") ? target : target.querySelector("input, textarea, select");
      if (control) control.focus();
    }

    // Ask before a fresh draft replaces a hook the student wrote (without JS: the checkbox).
    const generate = document.getElementById("generate-hook");
    const replace = document.getElementById("hook_replace");
    const script = document.getElementById("hook_script");
    if (generate && replace && script) {
      generate.addEventListener("click", (event) => {
        if (!script.value.trim() || replace.checked) return;
        if (window.confirm("Replace the hook you wrote with a new first draft?")) replace.checked = true;
        else event.preventDefault();
      });
    }

    // Copy the hook script.
    const copyButton = document.getElementById("copy-hook");
    if (copyButton) {
      const source = document.getElementById(copyButton.dataset.target);
      const copyStatus = document.getElementById("copy-status");
      copyButton.hidden = false;
      copyButton.addEventListener("click", async () => {
        try {
          await navigator.clipboard.writeText(source.value);
        } catch (e) {
          source.select();
          document.execCommand("copy");
        }
        copyStatus.textContent = "Hook copied. Say it in your own voice at the end of the first interview.";
      });
    }
  });
})();
