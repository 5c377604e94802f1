/* The few DOM helpers the renderers share. */

export const $ = (id) => document.getElementById(id);

/** An element with properties ("text", "className", "on…" listeners, else attributes) and children. */
export function el(tag, props, children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === null || v === undefined) { continue; }
    if (k === "text") { e.textContent = v; }
    else if (k === "className") { e.className = v; }
    else if (k.startsWith("on")) { e.addEventListener(k.substring(2), v); }
    else { e.setAttribute(k, v); }
  }
  for (const c of children || []) {
    if (c) { e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); }
  }
  return e;
}

export function clear(node) {
  while (node.firstChild) { node.removeChild(node.firstChild); }
}
