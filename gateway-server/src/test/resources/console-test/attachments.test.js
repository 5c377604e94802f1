/* The console's files: thumbnails or links, and the reply box's uploads (attachments.js), on frozen states. */
import { test, eq, ok, frozen } from "./harness.js";
import { reduce } from "../frames.js";
import { initialState, addPending } from "../state.js";
import * as A from "../attachments.js";

const NOW = Date.parse("2026-03-02T10:00:00Z");
const PDF = { id: "a2", filename: "invoice.pdf", contentType: "application/pdf", size: 52000, url: "/api/attachments/a2" };

function uploaded(state, key, id) {
  return A.uploadFinished(state, "c1", key, { id, filename: key + ".png", contentType: "image/png", size: 2048,
    url: "/api/attachments/" + id });
}

test("raster pictures are thumbnails; SVG, PDF and others are links", () => {
  eq(["image/png", "image/jpeg; charset=x", "IMAGE/GIF", "image/webp", "image/svg+xml", "application/pdf", undefined]
    .map((t) => A.isImage({ contentType: t })), [true, true, true, true, false, false, false]);
});

test("sizes read as KB or MB, never 0 KB", () => {
  eq([A.sizeLabel(10), A.sizeLabel(52000), A.sizeLabel(3.5 * 1024 * 1024)], ["1 KB", "51 KB", "3.5 MB"]);
});

test("a picked file uploads, then is ready with its id; the box sends only ready files", () => {
  let s = frozen(initialState());
  s = frozen(A.uploadStarted(s, "c1", "k1", "shot.png", 2048));
  s = frozen(A.uploadStarted(s, "c1", "k2", "log.txt", 10));
  ok(A.uploading(s, "c1"), "uploading");
  eq(A.readyFiles(s, "c1"), []);
  s = frozen(uploaded(s, "k1", "a1"));
  eq(A.readyFiles(s, "c1").map((f) => f.id), ["a1"]);
  ok(A.uploading(s, "c1"), "still one on its way");
  eq(A.uploadsOf(s, "c1").map((u) => u.status), ["ready", "uploading"]);
  eq(A.uploadsOf(s, "other"), []);
});

test("a refused upload leaves the box and tells the agent why; a removed one is gone for good", () => {
  let s = frozen(A.uploadStarted(initialState(), "c1", "k1", "huge.pdf", 9e9));
  s = frozen(A.uploadStarted(s, "c1", "k2", "ok.png", 10));
  s = frozen(A.uploadFailed(s, "c1", "k1", "The attachment is larger than the limit of 10 MB on email.", NOW));
  eq(A.uploadsOf(s, "c1").map((u) => u.key), ["k2"]);
  eq(s.notice, { text: "huge.pdf: The attachment is larger than the limit of 10 MB on email.", at: NOW });
  s = frozen(A.removeUpload(s, "c1", "k2"));
  eq(s.uploads, {});
  ok(uploaded(s, "k2", "a9") === s, "an answer for a removed file changes nothing");
});

test("a reply sent empties the box; its ack shows the files on the message", () => {
  let s = frozen(uploaded(A.uploadStarted(reduce(initialState(), { type: "ready", seq: 1, agent: "alice",
    conversations: [], offers: [] }, NOW), "c1", "k1", "k1.png", 2048), "k1", "a1"));
  const files = A.readyFiles(s, "c1");
  s = frozen(A.uploadsSent(addPending(s, "cid-1", "c1", "", "out", files), "c1"));
  eq(A.uploadsOf(s, "c1"), []);
  s = reduce(s, { type: "ack", seq: 2, clientId: "cid-1", messageId: "m1" }, NOW);
  eq(s.messages.c1[0].attachments, [{ id: "a1", filename: "k1.png", contentType: "image/png", size: 2048,
    url: "/api/attachments/a1" }]);
});

test("a refused reply puts its files back in the box with its text", () => {
  let s = frozen(addPending(initialState(), "cid-2", "c1", "Here you go", "out", [PDF]));
  s = reduce(s, { type: "error", seq: 3, code: "attachment_refused", message: "too large for SMS", clientId: "cid-2" }, NOW);
  eq(s.restoredDraft, { conversationId: "c1", text: "Here you go", at: NOW });
  eq(A.readyFiles(s, "c1"), [PDF]);
  eq(s.pending, {});
});

test("a note never carries files", () => {
  const s = addPending(initialState(), "cid-3", "c1", "internal", "note", []);
  ok(!("files" in s.pending["cid-3"]), "no files on a note");
});
