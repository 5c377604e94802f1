-- Issue #13. Portable types only, as in V1.

-- Consent as carriers keep it: per pair of addresses, the customer's and the one of ours they wrote to
-- (SMS: their number x our sender number). The latest keyword wins by the time of its message.
CREATE TABLE opt_outs (
  channel           VARCHAR(8)   NOT NULL,
  customer_address  VARCHAR(200) NOT NULL,
  our_address       VARCHAR(200) NOT NULL,
  opted_out         BOOLEAN      NOT NULL,
  changed_at        BIGINT       NOT NULL,
  PRIMARY KEY (channel, customer_address, our_address)
);

-- A provider's status callback that overtook the outbox recording the external id it names. Applied in
-- the transaction that records that id; a sweep applies what a race between nodes left, and drops
-- what no message claims after a day.
CREATE TABLE held_delivery_updates (
  id           VARCHAR(26)  PRIMARY KEY,
  channel      VARCHAR(8)   NOT NULL,
  external_id  VARCHAR(200) NOT NULL,
  delivery     VARCHAR(10)  NOT NULL,
  detail       TEXT,
  received_at  BIGINT       NOT NULL
);
CREATE INDEX held_delivery_updates_by_external_id ON held_delivery_updates (channel, external_id, id);
CREATE INDEX held_delivery_updates_by_age ON held_delivery_updates (received_at);
