import { test, eq } from "./harness.js";
import { fits, matching } from "../canned-replies.js";

const replies = [
  { id: "greet", title: "Greeting", text: "Hi", tiers: [], channels: ["chat"] },
  { id: "vip-hello", title: "VIP hello", text: "Hello", tiers: ["vip"], channels: [] },
  { id: "bye", title: "Goodbye", text: "Bye", tiers: [], channels: [] }
];

test("a reply fits when its tiers and channels, empty meaning any, include the conversation's", () => {
  eq(replies.map((r) => fits(r, { tier: "standard", channel: "chat" })), [true, false, true]);
  eq(replies.map((r) => fits(r, { tier: "vip", channel: "email" })), [false, true, true]);
});

test("typed letters match a title or an id", () => {
  eq(matching(replies, { tier: "vip", channel: "chat" }, "hel").map((r) => r.id), ["vip-hello"]);
  eq(matching(replies, { tier: "vip", channel: "chat" }, "").map((r) => r.id), ["greet", "vip-hello", "bye"]);
});
