import { run } from "./harness.js";
import "./frames.test.js";
import "./state.test.js";
import "./canned-replies.test.js";
import "./format.test.js";
import "./follow-ups.test.js";
import "./search.test.js";
import "./team.test.js";
import "./attachments.test.js";
import "./incidents.test.js";
import "./widget.test.js";

run();
