-- Issue #14. Portable types only, as in V1.

-- Every attachment gets an id of its own, the one agents download it by (/api/attachments/{id}). Rows
-- stored before this keep a derived one; new rows get a ULID when their message is stored.
ALTER TABLE attachments ADD COLUMN id VARCHAR(40);
UPDATE attachments SET id = message_id || '-' || CAST(position AS VARCHAR(10));
CREATE UNIQUE INDEX attachments_by_id ON attachments (id);

-- A file an agent uploaded for a reply not yet written. The reply that takes it (desk `reply` with
-- `attachmentIds`) copies it into `attachments` under the same id and sets message_id, in one
-- transaction: an upload goes out once, with one message of its own conversation.
CREATE TABLE attachment_uploads (
  id               VARCHAR(26)  PRIMARY KEY,
  conversation_id  VARCHAR(26)  NOT NULL REFERENCES conversations (id),
  uploaded_by      VARCHAR(200) NOT NULL,
  sha256           VARCHAR(64)  NOT NULL,
  filename         TEXT         NOT NULL,
  content_type     VARCHAR(255) NOT NULL,
  byte_size        BIGINT       NOT NULL,
  message_id       VARCHAR(26)  REFERENCES messages (id),
  created_at       BIGINT       NOT NULL
);
CREATE INDEX attachment_uploads_by_conversation ON attachment_uploads (conversation_id);
