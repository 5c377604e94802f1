/*
 * A supervisor's contact merge, beside the open conversation's contact: find another contact by name,
 * e-mail address or phone number (find_contacts → contacts) and merge it into this one (merge_contacts →
 * contacts_merged); the conversation's history is then asked for again, so the panel lists the
 * conversations of every channel. The merges into the contact are listed (contact_merges) with an undo
 * for each one still in force (unmerge_contacts → contacts_unmerged), after which the history is asked for
 * again. Shown to supervisors only; the server refuses anyone else (an error frame).
 */
import { $, el, clear } from "./dom.js";
import { clock, contactName } from "./format.js";

export function contactMerge({ send, current, refresh, toast, supervisor }) {
  const form = $("merge-form");
  const input = $("merge-q");
  const results = $("merge-results");
  const list = $("merge-list");
  let listed = null; // the contact whose merges were asked for last

  function askMerges(contact) {
    listed = contact ? contact.id : null;
    if (contact) { send({ type: "contact_merges", contactId: contact.id }); }
  }

  function showMerges(f) {
    const here = current();
    if (!here || f.contactId !== here.id) { return; } // an answer for a contact no longer open
    clear(list);
    if (!(f.merges || []).length) { list.appendChild(el("li", { className: "muted small", text: "No merges into this contact." })); }
    for (const m of f.merges || []) {
      const what = (m.identities || []).map((i) => i.value).join(", ") || "no addresses";
      const undone = !!m.undoneAt;
      list.appendChild(el("li", { "data-merge-id": m.id, className: undone ? "muted" : null }, [
        el("span", { text: what + " · merged by " + m.mergedBy + " " + clock(m.mergedAt)
          + (undone ? " · undone by " + m.undoneBy + " " + clock(m.undoneAt) : "") + " " }),
        undone ? null : el("button", { type: "button", className: "unmerge", text: "Undo this merge",
          onclick: () => send({ type: "unmerge_contacts", into: f.contactId, mergeId: m.id }) })
      ]));
    }
  }

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
    /** Shows the form and the merges only to a supervisor while a contact is open. */
    render(contact) {
      const shown = !!contact && supervisor();
      $("merge-section").hidden = !shown;
      if (!shown) { clear(results); clear(list); listed = null; return; }
      if (contact.id !== listed) { clear(list); askMerges(contact); }
    },
    onFrame(f) {
      if (f.type === "contacts") { show(f); }
      else if (f.type === "contact_merges") { showMerges(f); }
      else if (f.type === "contacts_merged") {
        clear(results);
        input.value = "";
        toast("Merged: " + (f.merge.identities || []).map((i) => i.value).join(", ") + " now belong to this contact.");
        askMerges(current());
        refresh();
      } else if (f.type === "contacts_unmerged") {
        toast("Merge undone: " + (f.merge.identities || []).map((i) => i.value).join(", ")
          + " are a contact of their own again.");
        askMerges(current());
        refresh();
      }
    }
  };
}
