/*
 * A supervisor's contact merge, beside the open conversation's contact: find another contact by name,
 * e-mail address or phone number (find_contacts → contacts) and merge it into this one (merge_contacts →
 * contacts_merged); the conversation's history is then asked for again, so the panel lists the
 * conversations of every channel. The server refuses agents who are not supervisors (an error frame).
 */
import { $, el, clear } from "./dom.js";
import { contactName } from "./format.js";

export function contactMerge({ send, current, refresh, toast }) {
  const form = $("merge-form");
  const input = $("merge-q");
  const results = $("merge-results");

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const q = input.value.trim();
    if (q) { send({ type: "find_contacts", q }); }
  });

  function show(f) {
    clear(results);
    const here = current();
    const found = (f.contacts || []).filter((c) => !here || c.id !== here.id);
    if (!found.length) { results.appendChild(el("li", { className: "muted small", text: "No other contact found." })); }
    for (const c of found) {
      const ids = (c.identities || []).filter((i) => i.kind !== "chat_visitor").map((i) => i.value).join(", ");
      results.appendChild(el("li", { "data-contact-id": c.id }, [
        el("span", { text: contactName(c, "Unnamed") + (ids ? " · " + ids : "") + " " }),
        el("button", { type: "button", className: "merge-into", text: "Merge into this contact",
          onclick: () => { const into = current(); if (into) { send({ type: "merge_contacts", into: into.id, from: c.id }); } } })
      ]));
    }
  }

  return {
    /** Shows the form only while a contact is open. */
    render(contact) {
      $("merge-section").hidden = !contact;
      if (!contact) { clear(results); }
    },
    onFrame(f) {
      if (f.type === "contacts") { show(f); }
      else if (f.type === "contacts_merged") {
        clear(results);
        input.value = "";
        toast("Merged: " + (f.merge.identities || []).map((i) => i.value).join(", ") + " now belong to this contact.");
        refresh();
      }
    }
  };
}
