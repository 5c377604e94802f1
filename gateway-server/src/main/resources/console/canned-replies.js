/*
 * Canned replies in the agent console: typing "/" (then a few letters) alone in the reply box lists the
 * replies that fit the open conversation's tier and channel; choosing one asks the server to fill in its
 * placeholders (expand_canned_reply, docs/agent-protocol.md) and puts the answer in the box to edit and send.
 */

/** Whether a canned reply may be used in a conversation: its tiers and channels (empty: any) include it. */
export function fits(r, c) {
  return (!r.tiers || !r.tiers.length || r.tiers.indexOf(c.tier) >= 0)
    && (!r.channels || !r.channels.length || r.channels.indexOf(c.channel) >= 0);
}

/** The replies of {@code replies} that fit {@code c} and whose title or id contains {@code q} (lower case). */
export function matching(replies, c, q) {
  return replies.filter(function (r) {
    return fits(r, c) && (r.title.toLowerCase().indexOf(q) >= 0 || r.id.toLowerCase().indexOf(q) >= 0);
  });
}

/**
 * The picker under the reply box. opts: box, list (elements), send(frame) → bool, current() → the open
 * conversation as {id, tier, channel} or null.
 */
export function cannedReplies(opts) {
  var box = opts.box, list = opts.list;
  var replies = [];
  var shown = [];
  var active = 0;
  var waiting = null; // {conversationId, cannedReplyId} asked for, not answered yet

  function query() {
    var m = /^\/(\S*)$/.exec(box.value);
    return m ? m[1].toLowerCase() : null;
  }

  function close() {
    shown = [];
    list.hidden = true;
    box.removeAttribute("aria-activedescendant");
    box.setAttribute("aria-expanded", "false");
  }

  function render() {
    var q = query();
    var c = opts.current();
    if (q === null || !c) { close(); return; }
    shown = matching(replies, c, q);
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!shown.length) { close(); return; }
    active = Math.min(active, shown.length - 1);
    shown.forEach(function (r, i) {
      var li = document.createElement("li");
      li.id = "canned-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", String(i === active));
      li.setAttribute("data-id", r.id);
      var title = document.createElement("strong");
      title.textContent = r.title;
      var text = document.createElement("span");
      text.className = "muted small";
      text.textContent = r.text.length > 80 ? r.text.substring(0, 80) + "…" : r.text;
      li.appendChild(title);
      li.appendChild(text);
      li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(r); });
      list.appendChild(li);
    });
    list.hidden = false;
    box.setAttribute("aria-expanded", "true");
    box.setAttribute("aria-activedescendant", "canned-" + active);
  }

  function choose(r) {
    var c = opts.current();
    close();
    if (!c) { return; }
    waiting = { conversationId: c.id, cannedReplyId: r.id };
    if (!opts.send({ type: "expand_canned_reply", conversationId: c.id, cannedReplyId: r.id })) { waiting = null; }
  }

  box.setAttribute("aria-controls", list.id);
  box.setAttribute("aria-autocomplete", "list");
  box.addEventListener("input", function () { active = 0; render(); });
  box.addEventListener("blur", close);
  box.addEventListener("keydown", function (e) {
    if (list.hidden || !shown.length) { return; }
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      active = (active + (e.key === "ArrowDown" ? 1 : shown.length - 1)) % shown.length;
      render();
    } else if ((e.key === "Enter" || e.key === "Tab") && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      e.stopImmediatePropagation();
      choose(shown[active]);
    } else if (e.key === "Escape") {
      e.preventDefault();
      close();
    }
  });

  return {
    /** The list from ready or canned_replies. */
    setReplies: function (list) { replies = Array.isArray(list) ? list : []; render(); },
    /** canned_reply_expanded: fills the box if it answers what was asked for in the open conversation. */
    onExpanded: function (f) {
      var c = opts.current();
      if (!waiting || f.conversationId !== waiting.conversationId || f.cannedReplyId !== waiting.cannedReplyId) { return; }
      waiting = null;
      if (c && c.id === f.conversationId && (box.value === "" || query() !== null)) {
        box.value = f.text;
        box.focus();
        box.setSelectionRange(box.value.length, box.value.length);
      }
    },
    close: close
  };
}
