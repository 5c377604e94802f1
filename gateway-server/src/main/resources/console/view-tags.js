/* The open conversation's tags as chips; on a conversation the agent works, a chip's × removes it and a box adds one. */
import { $, el, clear } from "./dom.js";

export function renderTags(c, editable, actions) {
  const box = $("tags");
  // Keep what the agent is typing when the thread is redrawn under them (a new message, a delivery state).
  const old = $("tag-input");
  const typed = old && old.getAttribute("data-conversation-id") === c.id ? old.value : "";
  const hadFocus = !!old && document.activeElement === old;
  clear(box);
  for (const t of c.tags || []) {
    box.appendChild(el("span", { className: "tag", "data-tag": t }, [
      t,
      editable ? el("button", { type: "button", className: "tag-remove", "aria-label": "Remove tag " + t, title: "Remove",
        onclick: () => actions.tag(c.id, [], [t]), text: "×" }) : null
    ]));
  }
  if (!editable) { return; }
  const input = el("input", { id: "tag-input", type: "text", maxlength: "50", placeholder: "Add a tag",
    "aria-label": "Add a tag", "data-conversation-id": c.id });
  input.value = typed;
  box.appendChild(el("form", { className: "tag-add", onsubmit: (e) => {
    e.preventDefault();
    const v = input.value.trim();
    if (v) { actions.tag(c.id, [v], []); input.value = ""; }
  } }, [input, el("button", { type: "submit", id: "tag-add", text: "Add" })]));
  if (hadFocus) { input.focus(); }
}
