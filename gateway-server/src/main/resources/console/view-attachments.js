/*
 * Files in the console, the part that fetches and draws. The API takes the agent's token as a Bearer
 * header, which an <img src> or a link cannot send: each file is fetched with it and shown from a blob
 * URL. Pictures become thumbnails (fetched once per page and kept, since the thread is redrawn on every
 * frame) and open full size in a new tab; other files (a PDF, say) are saved under their own name.
 */
import { $, el, clear } from "./dom.js";
import { isImage, sizeLabel, uploadsOf } from "./attachments.js";

/** At most this many thumbnails are kept; the oldest are let go. */
const MAX_KEPT = 200;
const kept = new Map(); // attachment id -> Promise of a blob URL

function blobUrl(a, token) {
  let p = kept.get(a.id);
  if (!p) {
    p = fetch(a.url, { headers: { Authorization: "Bearer " + token() } }).then((r) => {
      if (!r.ok) { throw new Error(r.status === 403 ? "This file is not yours to open." : "The file could not be loaded."); }
      return r.blob();
    }).then((b) => URL.createObjectURL(b));
    p.catch(() => kept.delete(a.id));
    kept.set(a.id, p);
    if (kept.size > MAX_KEPT) {
      const [oldest, url] = kept.entries().next().value;
      kept.delete(oldest);
      url.then((u) => URL.revokeObjectURL(u), () => {});
    }
  }
  return p;
}

/** Opens a picture in a new tab; saves any other file under its name. */
function open(a, token, toast) {
  blobUrl(a, token).then((url) => {
    if (isImage(a)) {
      window.open(url, "_blank");
      return;
    }
    const link = el("a", { href: url, download: a.filename, hidden: "" });
    document.body.appendChild(link);
    link.click();
    link.remove();
  }, (e) => toast(e.message));
}

/**
 * The files of a message: thumbnails and named buttons. {@code token()} is the agent's token; a message
 * still being sent lists names only.
 */
export function attachmentList(message, token, toast) {
  const files = message.attachments || [];
  if (!files.length) { return null; }
  const ul = el("ul", { className: "attachments" });
  for (const a of files) {
    const label = a.filename + " (" + sizeLabel(a.size) + ")";
    if (message.pending || !a.url) { ul.appendChild(el("li", { className: "attachment", text: label })); continue; }
    const button = el("button", { type: "button", className: "attachment-open", "data-attachment-id": a.id,
      title: isImage(a) ? "Open the picture" : "Save the file", onclick: () => open(a, token, toast) });
    if (isImage(a)) {
      const img = el("img", { className: "attachment-thumb", alt: a.filename });
      blobUrl(a, token).then((url) => { img.src = url; }, () => { img.alt = a.filename + " (could not be loaded)"; });
      button.appendChild(img);
    }
    button.appendChild(el("span", { text: label }));
    ul.appendChild(el("li", { className: "attachment" }, [button]));
  }
  return ul;
}

/** Sends a file for the open conversation's next reply; resolves with {id, filename, contentType, size, url}. */
export function upload(token, conversationId, file) {
  const url = "/api/attachments?conversationId=" + encodeURIComponent(conversationId)
    + "&filename=" + encodeURIComponent(file.name);
  return fetch(url, { method: "POST", body: file,
    headers: { Authorization: "Bearer " + token(), "Content-Type": file.type || "application/octet-stream" } })
    .then((r) => r.json().catch(() => ({})).then((body) => {
      if (!r.ok) { throw new Error(body.message || "the upload failed (" + r.status + ")."); }
      return body;
    }));
}

/** The files picked for the open conversation's reply, each with its state and a remove button. */
export function renderComposerFiles(state, actions) {
  const ul = $("composer-files");
  clear(ul);
  const id = state.current;
  const list = id ? uploadsOf(state, id) : [];
  ul.hidden = !list.length;
  for (const u of list) {
    ul.appendChild(el("li", { className: "composer-file " + u.status, "data-status": u.status }, [
      el("span", { text: u.filename + " (" + sizeLabel(u.size) + ")" + (u.status === "uploading" ? " — uploading…" : "") }),
      el("button", { type: "button", className: "link", "aria-label": "Remove " + u.filename, text: "×",
        onclick: () => actions.removeUpload(id, u.key) })
    ]));
  }
}
