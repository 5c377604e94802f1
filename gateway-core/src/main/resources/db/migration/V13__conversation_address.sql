-- Issue #14: a conversation knows the customer's address it is with (the sender of the message that
-- opened it, or the address a proactive message went to), so that replies leave to that address even
-- after a merge gave its contact several of the same kind. NULL for conversations opened before V13:
-- their replies go to the contact's first address of the channel's kind, as before.
ALTER TABLE conversations ADD COLUMN customer_address TEXT;
