/* A very small test runner for the console's pure modules; ConsoleModulesBrowserTest collects the results. */
const tests = [];

export function test(name, fn) {
  tests.push({ name, fn });
}

function canonical(v) {
  if (Array.isArray(v)) { return v.map(canonical); }
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])]));
  }
  return v;
}

/** Deep equality by value (key order ignored). */
export function eq(actual, expected, what) {
  const a = JSON.stringify(canonical(actual)), e = JSON.stringify(canonical(expected));
  if (a !== e) { throw new Error((what ? what + ": " : "") + "expected " + e + " but was " + a); }
}

export function ok(condition, what) {
  if (!condition) { throw new Error("expected: " + what); }
}

/** Deep-freezes a value, so a reducer that changes its argument throws (modules run in strict mode). */
export function frozen(v) {
  if (v && typeof v === "object" && !Object.isFrozen(v)) {
    Object.freeze(v);
    Object.values(v).forEach(frozen);
  }
  return v;
}

export async function run() {
  const results = [];
  for (const t of tests) {
    try {
      await t.fn();
      results.push({ name: t.name, passed: true, message: "" });
    } catch (e) {
      results.push({ name: t.name, passed: false, message: String(e && e.stack || e) });
    }
  }
  window.consoleTestResults = results;
}
