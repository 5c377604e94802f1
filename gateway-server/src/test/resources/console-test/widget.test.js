import { test, eq } from "./harness.js";
import { aboutTime, placeInLine } from "/chat/widget/status.js";
import { pendingMeta, size } from "/chat/widget/log.js";
import { backoff } from "/chat/widget/connection.js";

test("the widget says the wait in minutes, then hours, never zero", () => {
  eq(aboutTime(0), "about 1 minute");
  eq(aboutTime(61), "about 2 minutes");
  eq(aboutTime(89 * 60), "about 89 minutes");
  eq(aboutTime(90 * 60), "about 2 hours");
  eq(aboutTime(5 * 3600), "about 5 hours");
});

test("the widget's place in line names the ETA only when the server gives one", () => {
  eq(placeInLine(3, 240), "You are number 3 in line, about 4 minutes.");
  eq(placeInLine(1, undefined), "You are number 1 in line.");
  eq(placeInLine(2, null), "You are number 2 in line.");
});

test("the widget sizes files in KB from 1 up and in MB from a megabyte", () => {
  eq(size(10), "1 KB");
  eq(size(2048), "2 KB");
  eq(size(1048576), "1.0 MB");
  eq(size(1572864), "1.5 MB");
});

test("a message on its way says whether it is sending, waiting or not sent", () => {
  eq(pendingMeta("sending"), "You · sending…");
  eq(pendingMeta("retrying"), "You · waiting to send…");
  eq(pendingMeta("failed"), "You · not sent");
});

test("the widget's reconnects back off from half a second to thirty, with up to half taken off at random", () => {
  eq(backoff(1, 0), 250);
  eq(backoff(1, 1), 500);
  eq(backoff(2, 1), 1000);
  eq(backoff(7, 1), 30000);
  eq(backoff(20, 0), 15000);
});
