// Import status (catalog or outcomes): update the progress bar in place, then reload once to show the outcome.
// Without this file the page refreshes itself (a <noscript> meta refresh) and shows the same.
"use strict";
(() => {
  const box = document.querySelector("[data-status-url]");
  if (!box) {
    return;
  }
  const bar = box.querySelector("progress");
  const phase = box.querySelector("[data-phase]");
  const INTERVAL_MS = 1000;

  const poll = async () => {
    try {
      const response = await fetch(box.dataset.statusUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
      });
      if (response.ok) {
        const job = await response.json();
        if (job.finished) {
          window.location.reload();
          return;
        }
        if (job.total > 0) {
          bar.max = job.total;
          bar.value = job.done;
          bar.textContent = `${job.done} of ${job.total}`;
        }
        if (phase.textContent !== job.phase) {
          phase.textContent = job.phase;
        }
      } else if (response.status === 401 || response.status === 403 || response.status === 404) {
        return; // signed out or gone: stop polling; a manual reload shows why
      }
    } catch (error) {
      // A dropped connection: try again on the next tick.
    }
    window.setTimeout(poll, INTERVAL_MS);
  };
  window.setTimeout(poll, INTERVAL_MS);
})();
