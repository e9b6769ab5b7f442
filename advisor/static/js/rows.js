// Repeating form rows (clinical experiences, letters, ties): add and remove rows in place.
// Without this file the "Add" buttons reload the form with one more row, and each row's
// "Remove" box drops it on the next reload or save; the server handles both.
"use strict";

(() => {
  const ATTRIBUTES = ["name", "id", "for", "aria-describedby"];

  const indexOf = (row) => {
    const named = row.querySelector("[name]");
    const match = named && /-(\d+)-[^-]+$/.exec(named.getAttribute("name"));
    return match ? Number(match[1]) : -1;
  };

  const setUp = (section) => {
    const list = section.querySelector("[data-row-list]");
    const template = section.querySelector("template[data-row-template]");
    const add = section.querySelector("[data-add-row]");
    if (!list || !template || !add) {
      return;
    }
    const title = template.dataset.title || "Row";
    const rows = () => Array.from(list.querySelectorAll(":scope > [data-row]"));
    let next = rows().reduce((highest, row) => Math.max(highest, indexOf(row)), -1) + 1;

    const renumber = () => {
      rows().forEach((row, i) => {
        const legend = row.querySelector(":scope > legend");
        if (legend) {
          legend.textContent = `${title} ${i + 1}`;
        }
      });
      const empty = list.querySelector("[data-row-empty]");
      if (empty) {
        empty.hidden = rows().length > 0;
      }
    };

    const enhance = (row) => {
      const box = row.querySelector("[data-row-remove]");
      if (!box) {
        return;
      }
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button";
      button.textContent = box.textContent.trim() || "Remove";
      button.addEventListener("click", () => {
        row.remove();
        renumber();
        add.focus();
      });
      box.hidden = true;
      box.after(button);
    };

    rows().forEach(enhance);
    add.addEventListener("click", (event) => {
      event.preventDefault();
      const fragment = template.content.cloneNode(true);
      fragment.querySelectorAll("*").forEach((element) => {
        ATTRIBUTES.forEach((attribute) => {
          const value = element.getAttribute(attribute);
          if (value && value.includes("__index__")) {
            element.setAttribute(attribute, value.split("__index__").join(String(next)));
          }
        });
      });
      next += 1;
      const row = fragment.querySelector("[data-row]");
      list.append(fragment);
      enhance(row);
      renumber();
      const first = row.querySelector("select, input");
      if (first) {
        first.focus();
      }
    });
  };

  document.querySelectorAll("[data-rows]").forEach(setUp);
})();
