/*
 * Switchboard agent console: wires the desk socket (socket.js), the frame reducers (frames.js, state.js)
 * and the views (view-*.js) to the page. Frames and clicks make a new state; each view is redrawn only
 * when the part of the state it shows was replaced. The token stays in sessionStorage: closing the tab
 * signs out.
 */
import { DeskSocket } from "./socket.js";
import { reduce } from "./frames.js";
import * as S from "./state.js";
import { $ } from "./dom.js";
import { renderConversations, renderOffers, renderWarnings, tick } from "./view-lists.js";
import { renderThread, renderTransfer, renderTyping } from "./view-thread.js";
import { renderTeam } from "./view-team.js";
import { cannedReplies } from "./canned-replies.js";
import { renderFollowUps, instantOf } from "./follow-ups.js";
import { renderIncidents } from "./incidents.js";
import { contactMerge } from "./contact-merge.js";
import { renderSearch } from "./view-search.js";
import * as A from "./attachments.js";
import { renderComposerFiles, upload } from "./view-attachments.js";

const TOKEN_KEY = "switchboard.agent.token";
const TYPING_EVERY_MS = 2000;

let state = S.initialState();
let socket = null;
let refusal = null;
let lastTypingSent = 0;

const changed = (prev, next, keys) => keys.some((k) => prev[k] !== next[k]);

function update(next) {
  const prev = state;
  state = next;
  if (prev.offers !== next.offers) { renderOffers(next, actions); }
  if (prev.warnings !== next.warnings) { renderWarnings(next); }
  if (changed(prev, next, ["conversations", "contacts", "unread", "current"])) { renderConversations(next, actions); }
  if (changed(prev, next, ["search", "conversations"])) { renderSearch(next, actions); }
  const threadChanged = changed(prev, next, ["current", "viewing", "conversations", "messages", "contacts", "others",
    "known", "pending", "agent"]);
  if (threadChanged) {
    renderThread(next, actions);
    merging.render(next.current && next.contacts[next.current]);
  } else if (changed(prev, next, ["tiers", "agents"])) {
    // Team frames come every second or so: redraw only the menu, not the thread and the boxes being typed in.
    renderTransfer(next);
  }
  if (changed(prev, next, ["supervisor", "teamView", "queue", "agents", "tiers", "warnings"])) { renderTeam(next, actions); }
  if (prev.typing !== next.typing) { renderTyping(next, Date.now()); }
  if (prev.presence !== next.presence) { renderPresence(next.presence); }
  if (changed(prev, next, ["followUps", "conversations"])) { renderFollowUps(next, actions); }
  if (changed(prev, next, ["incidents", "supervisor"])) { renderIncidents(next, actions); }
  if (changed(prev, next, ["uploads", "current"])) { renderComposerFiles(next, actions); }
  if (prev.cannedReplies !== next.cannedReplies) { canned.setReplies(next.cannedReplies); }
  if (prev.notice !== next.notice && next.notice) { toast(next.notice.text); }
  const draft = next.restoredDraft;
  if (prev.restoredDraft !== draft && draft && draft.conversationId === next.current) { $("composer-text").value = draft.text; }
  tick(Date.now());
}

function onFrame(f) {
  if (f.type === "error" && f.code === "unauthorized") { refusal = f.message; return; }
  if (f.type === "canned_reply_expanded") { canned.onExpanded(f); return; }
  if (["contacts", "contacts_merged", "contact_merges", "contacts_unmerged"].includes(f.type)) { merging.onFrame(f); return; }
  const before = state.current;
  update(reduce(state, f, Date.now()));
  if (f.type === "ready") {
    showDesk();
    $("agent-name").textContent = state.agent.id;
    // ready lists conversations bare; their history brings the contact and the messages.
    for (const id of Object.keys(state.conversations)) { send({ type: "history", conversationId: id }); }
    send({ type: "follow_ups" });
    if (state.supervisor) { send({ type: "incidents" }); }
  } else if (f.type === "incident_opened" || f.type === "incident_updated") {
    send({ type: "incidents" }); // the counts as they are now
  } else if (f.type === "assigned" && state.current === f.conversationId && before !== state.current) {
    $("composer-text").focus();
  }
}

function send(frame) {
  if (socket && socket.send(frame)) { return true; }
  toast("Not connected; the action was not sent.");
  return false;
}

const actions = {
  accept(id) { send({ type: "accept", conversationId: id }); },
  decline(id) { if (send({ type: "decline", conversationId: id })) { update(S.dropOffer(state, id)); } },
  open(id) {
    update(S.openConversation(state, id));
    if (!state.messages[id]) { send({ type: "history", conversationId: id }); }
    $("composer-text").focus();
  },
  cancelFollowUp(id) { send({ type: "cancel_follow_up", followUpId: id }); },
  postIncidentUpdate(id, text, resolve) { send({ type: "incident_update", incidentId: id, text, resolve }); },
  view(id) {
    update(S.viewConversation(state, id));
    send({ type: "history", conversationId: id });
  },
  tag(id, add, remove) { send({ type: "tag", conversationId: id, add, remove }); },
  assign(id, agent) { send({ type: "assign", conversationId: id, toAgent: agent }); },
  removeUpload(id, key) { update(A.removeUpload(state, id, key)); },
  token: () => (socket ? socket.token : ""),
  toast: (text) => toast(text)
};

function clientId() {
  const a = new Uint8Array(12);
  crypto.getRandomValues(a);
  return Array.from(a, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A reply carries the files uploaded for it (attachmentIds); a note never does. */
function post(type) {
  const box = $("composer-text");
  const text = box.value.trim();
  const id = state.current;
  const files = type === "reply" && id ? A.readyFiles(state, id) : [];
  if ((!text && !files.length) || !id) { return; }
  if (type === "reply" && A.uploading(state, id)) { toast("Wait until the files are uploaded."); return; }
  const cid = clientId();
  const frame = { type, conversationId: id, text, clientId: cid };
  if (files.length) { frame.attachmentIds = files.map((f) => f.id); }
  if (send(frame)) {
    box.value = "";
    const next = S.addPending(state, cid, id, text, type === "note" ? "note" : "out", files);
    update(files.length ? A.uploadsSent(next, id) : next);
  }
  box.focus();
}

/** Uploads the picked files at once; the reply sends their ids. */
function attach(files) {
  const id = state.current;
  if (!id) { return; }
  for (const file of files) {
    const key = clientId();
    update(A.uploadStarted(state, id, key, file.name, file.size));
    upload(actions.token, id, file).then((a) => update(A.uploadFinished(state, id, key, a)),
      (e) => update(A.uploadFailed(state, id, key, e.message, Date.now())));
  }
}

/** Schedules the reply box's text for the time picked beside "Follow up". */
function followUp() {
  const box = $("composer-text");
  const text = box.value.trim();
  const at = instantOf($("follow-up-at").value);
  if (!state.current) { return; }
  if (!text || !at) { toast("Write the follow-up in the reply box and pick when to send it."); return; }
  if (send({ type: "follow_up", conversationId: state.current, at, text, clientId: clientId() })) {
    box.value = "";
    $("follow-up-at").value = "";
  }
}

function transfer() {
  const v = $("transfer-to").value;
  if (!v || !state.current) { return; }
  const frame = { type: "transfer", conversationId: state.current };
  if (v.startsWith("tier:")) { frame.toTier = v.substring(5); }
  else { frame.toAgent = v.substring(6); }
  send(frame);
}

function renderPresence(presence) {
  const on = presence === "available";
  const b = $("presence-toggle");
  b.setAttribute("aria-pressed", String(on));
  b.textContent = on ? "Available" : "Away";
  b.title = on ? "You get offers. Click to go away." : "You get no offers. Click to become available.";
}

function toast(text) {
  const t = $("toast");
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, 5000);
}

function showDesk() {
  $("login").hidden = true;
  $("desk").hidden = false;
  $("session-bar").hidden = false;
}

function signIn(token) {
  try { sessionStorage.setItem(TOKEN_KEY, token); } catch (e) { /* private mode */ }
  const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/agent/ws";
  socket = new DeskSocket(url, token, {
    onFrame,
    onStatus: (text) => { $("connection").textContent = text; },
    onRefused: () => signOut(refusal || "The token was not accepted.")
  });
  socket.start();
}

function signOut(message) {
  try { sessionStorage.removeItem(TOKEN_KEY); } catch (e) { /* ignore */ }
  if (socket) { socket.stop(); socket = null; }
  refusal = null;
  location.hash = "";
  $("desk").hidden = true;
  $("session-bar").hidden = true;
  $("login").hidden = false;
  $("login-error").textContent = message || "";
  $("login-token").focus();
}

const canned = cannedReplies({
  box: $("composer-text"),
  list: $("canned-replies"),
  send,
  current: () => {
    const c = state.current && state.conversations[state.current];
    return c ? { id: state.current, tier: c.tier, channel: c.channel } : null;
  }
});

const merging = contactMerge({
  send,
  toast,
  current: () => state.current && state.contacts[state.current],
  supervisor: () => state.supervisor,
  // The open conversation and the one viewed beside it: a merge or an unmerge may have moved either.
  refresh: () => {
    for (const id of new Set([state.current, state.viewing].filter(Boolean))) { send({ type: "history", conversationId: id }); }
  }
});

$("login-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const token = $("login-token").value.trim();
  if (!token) { return; }
  $("login-error").textContent = "";
  $("login-token").value = "";
  signIn(token);
});
$("sign-out").addEventListener("click", () => { signOut(""); location.reload(); });
$("presence-toggle").addEventListener("click", () => {
  const next = state.presence === "available" ? "away" : "available";
  if (send({ type: "presence", status: next })) { update(S.setPresence(state, next)); }
});
$("composer").addEventListener("submit", (e) => { e.preventDefault(); post("reply"); });
$("search-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const q = $("search-q").value.trim();
  if (!q) { update(S.clearSearch(state)); return; }
  update(S.startSearch(state, q));
  if (!send({ type: "search", q })) { update(S.clearSearch(state)); }
});
$("send-note").addEventListener("click", () => post("note"));
$("attach-file").addEventListener("click", () => $("composer-file").click());
$("composer-file").addEventListener("change", (e) => { attach(Array.from(e.target.files)); e.target.value = ""; });
$("follow-up").addEventListener("click", followUp);
$("resolve").addEventListener("click", () => { if (state.current) { send({ type: "resolve", conversationId: state.current }); } });
$("transfer").addEventListener("click", transfer);
$("team-toggle").addEventListener("click", () => update(S.showTeam(state, !state.teamView)));
$("composer-text").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); post("reply"); }
});
$("composer-text").addEventListener("input", () => {
  const now = Date.now();
  if (state.current && socket && now - lastTypingSent > TYPING_EVERY_MS) {
    lastTypingSent = now;
    socket.send({ type: "typing", conversationId: state.current });
  }
});

setInterval(() => { tick(Date.now()); renderTyping(state, Date.now()); }, 1000);
let saved = null;
try { saved = sessionStorage.getItem(TOKEN_KEY); } catch (e) { /* ignore */ }
if (saved) { signIn(saved); } else { $("login-token").focus(); }
