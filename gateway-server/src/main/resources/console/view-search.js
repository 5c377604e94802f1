/* The search box's results: one line per conversation found, with its snippet and the matched words marked. */
import { $, el, clear } from "./dom.js";

/** The snippet as text nodes, each highlight range in a <mark>: never HTML, whatever the message says. */
export function snippetNodes(text, highlights) {
  const nodes = [];
  let at = 0;
  for (const [start, end] of highlights || []) {
    if (start < at || end > text.length || end <= start) { continue; }
    if (start > at) { nodes.push(text.substring(at, start)); }
    nodes.push(el("mark", { text: text.substring(start, end) }));
    at = end;
  }
  if (at < text.length) { nodes.push(text.substring(at)); }
  return nodes;
}

export function renderSearch(state, actions) {
  const ul = $("search-results");
  clear(ul);
  const s = state.search;
  if (!s) { return; }
  if (s.pending) {
    ul.appendChild(el("li", { className: "muted small", text: "Searching…" }));
    return;
  }
  if (!s.results.length) {
    ul.appendChild(el("li", { className: "muted small", text: "Nothing found for “" + s.q + "”." }));
    return;
  }
  for (const r of s.results) {
    const head = [r.ref, r.channel, r.status, r.contactName].filter(Boolean).join(" · ");
    const held = !!state.conversations[r.conversationId];
    ul.appendChild(el("li", { className: "search-result", "data-conversation-id": r.conversationId }, [
      el("button", { type: "button", onclick: () => (held ? actions.open(r.conversationId) : actions.view(r.conversationId)) }, [
        el("span", { className: "result-head small", text: head }),
        el("span", { className: "result-snippet small", "data-matched-in": r.matchedIn }, snippetNodes(r.snippet || "", r.highlights))
      ])
    ]));
  }
}
