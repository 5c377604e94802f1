/*
 * Files in the console, the pure part: which attachments show as pictures, their size labels, and the
 * files the agent attaches to a reply (state.uploads), which are uploaded first (POST /api/attachments)
 * and sent by id with the reply (attachmentIds, docs/agent-protocol.md). Every function returns a new
 * state and leaves its argument alone; view-attachments.js does the fetching and drawing.
 */
import { notify, without } from "./state.js";

/** Shown as thumbnails; the server shows these inline too. SVG is not here: it can carry script. */
export const IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"];

export function isImage(a) {
  return !!a && IMAGE_TYPES.indexOf(String(a.contentType || "").split(";")[0].trim().toLowerCase()) >= 0;
}

/** 12 KB, 3.4 MB; never "0 KB" for a small file. */
export function sizeLabel(bytes) {
  const n = Number(bytes) || 0;
  if (n >= 1024 * 1024) { return (n / (1024 * 1024)).toFixed(1) + " MB"; }
  return Math.max(1, Math.round(n / 1024)) + " KB";
}

/** The files of a conversation's reply box, in the order they were picked. */
export function uploadsOf(state, conversationId) {
  return (state.uploads && state.uploads[conversationId]) || [];
}

function withUploads(state, conversationId, list) {
  const uploads = list.length ? { ...state.uploads, [conversationId]: list } : without(state.uploads, conversationId);
  return { ...state, uploads };
}

/** A file picked for the reply: shown at once, uploading. */
export function uploadStarted(state, conversationId, key, filename, size) {
  const entry = { key, filename, size, status: "uploading" };
  return withUploads(state, conversationId, [...uploadsOf(state, conversationId), entry]);
}

/** The upload's answer ({id, filename, contentType, size, url}): the file can go with the reply. */
export function uploadFinished(state, conversationId, key, attachment) {
  const list = uploadsOf(state, conversationId);
  if (!list.some((u) => u.key === key)) { return state; } // removed meanwhile
  return withUploads(state, conversationId, list.map((u) => (u.key === key
    ? { ...u, status: "ready", id: attachment.id, contentType: attachment.contentType, size: attachment.size,
      url: attachment.url }
    : u)));
}

/** The upload was refused (too large, a type the channel refuses): the file leaves the box, the agent is told why. */
export function uploadFailed(state, conversationId, key, message, now) {
  const list = uploadsOf(state, conversationId);
  const u = list.find((x) => x.key === key);
  if (!u) { return state; }
  const s = withUploads(state, conversationId, list.filter((x) => x.key !== key));
  return notify(s, u.filename + ": " + (message || "the upload failed."), now);
}

export function removeUpload(state, conversationId, key) {
  return withUploads(state, conversationId, uploadsOf(state, conversationId).filter((u) => u.key !== key));
}

/** Whether a file of the box is still on its way (a reply now would go without it). */
export function uploading(state, conversationId) {
  return uploadsOf(state, conversationId).some((u) => u.status === "uploading");
}

/** The uploaded files of the box as a message lists them: what a reply sent now carries. */
export function readyFiles(state, conversationId) {
  return uploadsOf(state, conversationId).filter((u) => u.status === "ready")
    .map((u) => ({ id: u.id, filename: u.filename, contentType: u.contentType, size: u.size, url: u.url }));
}

/** The reply went out with the box's files: the box is empty again. */
export function uploadsSent(state, conversationId) {
  return withUploads(state, conversationId, []);
}

/** A refused reply gives its files back to the box (their uploads still wait on the server for a reply). */
export function uploadsRestored(state, conversationId, files) {
  if (!files || !files.length) { return state; }
  const back = files.map((f) => ({ key: "restored-" + f.id, status: "ready", ...f }));
  const kept = uploadsOf(state, conversationId).filter((u) => !files.some((f) => f.id === u.id));
  return withUploads(state, conversationId, [...back, ...kept]);
}
