// Update a background export's progress bar without reloading; the page works without it
// (a refresh link). Polls the JSON status endpoint until the export is done or failed.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("export-status");
  if (!box || ["done", "failed"].includes(box.dataset.state)) return;
  const bar = document.getElementById("export-progress");
  const step = document.getElementById("export-step");
  const poll = async () => {
    let state;
    try {
      const response = await fetch(box.dataset.statusUrl, {headers: {Accept: "application/json"}});
      if (!response.ok) return;
      state = await response.json();
    } catch (e) {
      window.setTimeout(poll, 5000);
      return;
    }
    bar.value = state.progress;
    bar.textContent = `${state.progress}%`;
    step.textContent = state.step || state.label;
    box.dataset.state = state.status;
    if (state.status === "done") {
      document.getElementById("export-ready").hidden = false;
      document.getElementById("export-refresh").hidden = true;
    } else if (state.status === "failed") {
      document.getElementById("export-failed").hidden = false;
      document.getElementById("export-refresh").hidden = true;
    } else {
      window.setTimeout(poll, 1500);
    }
  };
  window.setTimeout(poll, 1000);
});
