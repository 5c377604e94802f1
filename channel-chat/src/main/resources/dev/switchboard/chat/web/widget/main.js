/*
 * The chat widget, started by widget.js with the gateway's origin and its tag's options. Protocol:
 * docs/channel-chat.md. The modules beside this one each keep one part: the elements (view), the log
 * (log), the place in line (status), the survey (csat), what the visitor sends (outgoing) and the socket
 * (connection); this one holds the state they share and reads the server's frames.
 */
import { PENDING_KEY, PROFILE_KEY, TOKEN_KEY, storage } from "./storage.js";
import { buildView, closePanel, mount, openPanel } from "./view.js";
import { note, renderMessage, renderPending } from "./log.js";
import { hideQueue, onConversationUpdated, showQueue } from "./status.js";
import { csatClosed, csatDone, showCsat } from "./csat.js";
import { acknowledged, refused, send, sendPending, upload } from "./outgoing.js";
import { connect, forgetReopen, reopenInAddress, sendFrame, sendHello } from "./connection.js";

const TYPING_EVERY_MS = 2000;
const TYPING_SHOWN_MS = 4000;
const CSAT_CLOSED = ["csat_answered", "csat_expired", "csat_not_asked"];

export function start(origin, options) {
  const profile = storage.json(PROFILE_KEY, {});
  if (options.name) { profile.name = options.name; }
  if (options.email) { profile.email = options.email; }
  const w = {
    profile,
    reopen: reopenInAddress(),
    urls: {
      ws: origin.replace(/^http/, "ws") + "/chat/ws",
      upload: origin + "/chat/attachments",
      css: origin + "/chat/widget.css"
    },
    view: buildView(options.title || "Chat with support", !profile.name && !profile.email),
    state: {
      socket: null,
      open: false,          // welcome received on the current socket
      lastSeq: null,        // for resumeAfter on a reconnect within this page
      attempts: 0,
      reconnectTimer: null,
      conversationId: null,
      rendered: {},         // message id -> element
      pending: storage.json(PENDING_KEY, []), // [{clientId, text}] not yet acknowledged
      pendingEls: {},       // clientId -> element
      lastTypingSent: 0,
      typingTimer: null,
      lastStatus: null,
      csat: {}              // conversation id -> its survey card (or true once answered)
    }
  };
  listen(w);
  w.state.pending.forEach((p) => renderPending(w, p, "retrying"));
  mount(w.view, w.urls.css, options.open === "true");
  connect(w, (f) => onFrame(w, f), () => w.state.pending.forEach((p) => renderPending(w, p, "retrying")));
  return {
    open: () => openPanel(w.view),
    close: () => closePanel(w.view),
    send: (text) => send(w, text)
  };
}

function onFrame(w, f) {
  if (typeof f.seq === "number") { w.state.lastSeq = f.seq; }
  switch (f.type) {
    case "welcome": welcome(w, f); break;
    case "message": if (f.message) { renderMessage(w, f.message); } break;
    case "ack": acknowledged(w, f); break;
    case "typing": agentTyping(w); break;
    case "queue": if (typeof f.position === "number") { showQueue(w, f); } break;
    case "conversation_updated": if (f.conversation) { onConversationUpdated(w, f.conversation); } break;
    case "csat_request": if (f.conversationId) { showCsat(w, f, (answer) => sendFrame(w, answer)); } break;
    case "csat_recorded": csatDone(w, f.conversationId, "Thank you for your feedback!"); break;
    case "error": onError(w, f); break;
    default: break; // frames added later are ignored
  }
}

function welcome(w, f) {
  w.state.open = true;
  w.state.attempts = 0;
  w.state.conversationId = f.conversationId;
  storage.set(TOKEN_KEY, f.visitorToken);
  if (w.reopen) { forgetReopen(w); }
  w.view.conn.textContent = "Online";
  if (f.conversationStatus === "resolved") { w.state.lastStatus = "resolved/"; }
  if (f.conversationStatus !== "queued") { hideQueue(w); } // else the server sends the place at once
  w.state.pending.forEach((p) => sendPending(w, p)); // resends dedupe on the server by clientId
}

function agentTyping(w) {
  w.view.typing.textContent = "Support is typing…";
  clearTimeout(w.state.typingTimer);
  w.state.typingTimer = setTimeout(() => { w.view.typing.textContent = ""; }, TYPING_SHOWN_MS);
}

function onError(w, f) {
  if (CSAT_CLOSED.indexOf(f.code) >= 0) {
    csatClosed(w, f.message);
    return;
  }
  if (f.code === "reopen_expired" || f.code === "reopen_invalid") {
    forgetReopen(w);
    note(w, f.message);
    if (w.state.socket) { sendHello(w, w.state.socket); } // the same socket still waits for hello
    return;
  }
  if (refused(w, f)) { return; }
  if (f.code === "bad_token") { storage.set(TOKEN_KEY, ""); }
  note(w, f.message || "Something went wrong.");
}

/** The page's events: the launcher, close, Escape, the intro, the composer, the paperclip, typing. */
function listen(w) {
  const v = w.view;
  v.launcher.addEventListener("click", () => {
    if (v.root.classList.contains("sbw-is-open")) { closePanel(v); } else { openPanel(v); }
  });
  v.closeBtn.addEventListener("click", () => closePanel(v));
  v.panel.addEventListener("keydown", (e) => { if (e.key === "Escape") { closePanel(v); } });
  v.introSave.addEventListener("click", () => {
    w.profile = { name: v.nameInput.value.trim() || undefined, email: v.emailInput.value.trim() || undefined };
    storage.set(PROFILE_KEY, JSON.stringify(w.profile));
    v.intro.remove();
    // The server learns the profile with hello; reconnect so it does now.
    if (w.state.socket) { w.state.socket.close(); }
    v.input.focus();
  });
  v.form.addEventListener("submit", (e) => {
    e.preventDefault();
    send(w, v.input.value);
    v.input.value = "";
    v.input.focus();
  });
  v.input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      if (v.form.requestSubmit) { v.form.requestSubmit(); } else { v.form.dispatchEvent(new Event("submit")); }
    }
  });
  v.attachBtn.addEventListener("click", () => v.fileInput.click());
  v.fileInput.addEventListener("change", () => {
    Array.prototype.forEach.call(v.fileInput.files, (file) => upload(w, file));
    v.fileInput.value = "";
  });
  v.input.addEventListener("input", () => {
    const now = Date.now();
    if (w.state.open && now - w.state.lastTypingSent > TYPING_EVERY_MS) {
      w.state.lastTypingSent = now;
      sendFrame(w, { type: "typing" });
    }
  });
}
