// Advice page enhancements; without this file the strategy "tabs" are in-page links and
// every section shows one under another.
"use strict";

function setUpTabs(list) {
  const links = Array.from(list.querySelectorAll("a[data-tab]"));
  const panels = links.map((link) => document.getElementById(link.dataset.tab));
  if (links.length < 2 || panels.some((panel) => !panel)) {
    return;
  }
  list.setAttribute("role", "tablist");
  list.querySelectorAll("li").forEach((item) => item.setAttribute("role", "presentation"));

  function select(index, focus) {
    links.forEach((link, i) => {
      const selected = i === index;
      link.setAttribute("aria-selected", String(selected));
      link.tabIndex = selected ? 0 : -1;
      panels[i].hidden = !selected;
    });
    if (focus) {
      links[index].focus();
    }
  }

  links.forEach((link, i) => {
    link.setAttribute("role", "tab");
    link.id = link.id || link.dataset.tab + "-tab";
    link.setAttribute("aria-controls", link.dataset.tab);
    panels[i].setAttribute("role", "tabpanel");
    panels[i].setAttribute("aria-labelledby", link.id);
    panels[i].tabIndex = 0;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      select(i, false);
      history.replaceState(null, "", "#" + link.dataset.tab);
    });
    link.addEventListener("keydown", (event) => {
      const moves = {ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: links.length - 1};
      if (event.key in moves) {
        event.preventDefault();
        select((moves[event.key] + links.length) % links.length, true);
      }
    });
  });
  const fromHash = links.findIndex((link) => "#" + link.dataset.tab === window.location.hash);
  select(fromHash >= 0 ? fromHash : 0, false);
}

document.querySelectorAll("[data-tabs]").forEach(setUpTabs);

// A printout shows every program's reasons; the page goes back as it was afterwards.
let openedForPrint = [];
window.addEventListener("beforeprint", () => {
  openedForPrint = Array.from(document.querySelectorAll("details.reasons-details:not([open])"));
  openedForPrint.forEach((details) => { details.open = true; });
});
window.addEventListener("afterprint", () => {
  openedForPrint.forEach((details) => { details.open = false; });
  openedForPrint = [];
});

// The one-time share link: select it all on focus, ready to copy.
document.querySelectorAll(".share-url").forEach((field) => {
  field.addEventListener("focus", () => field.select());
});

// Copy buttons (hidden until this file shows them): copy to the clipboard where the browser
// allows it, else select the text and say how to copy it; the status line is announced.
function setUpCopy(box) {
  const field = box.querySelector("[data-copy-text]");
  const button = box.querySelector("[data-copy-button]");
  const status = box.querySelector("[data-copy-status]");
  if (!field || !button || !status) {
    return;
  }
  const say = (message) => {
    status.textContent = "";
    window.setTimeout(() => { status.textContent = message; }, 50);
  };
  button.hidden = false;
  button.addEventListener("click", async () => {
    const text = field.value.trim();
    try {
      await navigator.clipboard.writeText(text);
      say("Link copied. Paste it into your message to the student.");
      return;
    } catch (error) {
      // No clipboard access (a plain-http address, or permission refused): select instead.
    }
    field.focus();
    field.select();
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    say(copied ? "Link copied. Paste it into your message to the student."
      : "The link is selected: press Ctrl+C (or Command+C on a Mac) to copy it.");
  });
}

document.querySelectorAll("[data-copy]").forEach(setUpCopy);
