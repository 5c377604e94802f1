/* The widget's elements: the launcher, the panel with its log, the intro form and the composer. */

export function el(tag, props, children) {
  const e = document.createElement(tag);
  Object.keys(props || {}).forEach((k) => {
    if (k === "text") { e.textContent = props[k]; }
    else if (k === "className") { e.className = props[k]; }
    else { e.setAttribute(k, props[k]); }
  });
  (children || []).forEach((c) => e.appendChild(c));
  return e;
}

/** A paperclip drawn as SVG: no emoji font needed, no inline style. */
function paperclip() {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "20");
  svg.setAttribute("height", "20");
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", "M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5");
  path.setAttribute("fill", "none");
  path.setAttribute("stroke", "currentColor");
  path.setAttribute("stroke-width", "1.8");
  path.setAttribute("stroke-linecap", "round");
  svg.appendChild(path);
  return svg;
}

/** Builds every element of the widget, not yet in the page; the intro asks for a name and e-mail once. */
export function buildView(title, askProfile) {
  const v = {
    title,
    root: el("div", { className: "sbw-root", id: "sbw-root" }),
    panel: el("section", { className: "sbw-panel", id: "sbw-panel", role: "dialog", "aria-label": title }),
    conn: el("span", { className: "sbw-conn", id: "sbw-conn", role: "status", text: "Connecting…" }),
    closeBtn: el("button", { className: "sbw-close", type: "button", "aria-label": "Close chat", text: "×" }),
    log: el("div", { className: "sbw-log", id: "sbw-log", role: "log", "aria-live": "polite", tabindex: "0" }),
    typing: el("div", { className: "sbw-typing", id: "sbw-typing", "aria-live": "polite" }),
    queue: el("div", { className: "sbw-queue", id: "sbw-queue", role: "status", hidden: "" }),
    nameInput: el("input", { id: "sbw-name", type: "text", autocomplete: "name", maxlength: "100" }),
    emailInput: el("input", { id: "sbw-email", type: "email", autocomplete: "email", maxlength: "254" }),
    introSave: el("button", { type: "button", text: "Save" }),
    input: el("textarea", { id: "sbw-input", rows: "2", "aria-label": "Your message", placeholder: "Write a message…" }),
    sendBtn: el("button", { id: "sbw-send", type: "submit", text: "Send" }),
    fileInput: el("input", { id: "sbw-file", className: "sbw-file-input", type: "file", tabindex: "-1", "aria-hidden": "true" }),
    attachBtn: el("button", { id: "sbw-attach", className: "sbw-attach", type: "button", "aria-label": "Attach a file",
      title: "Attach a file" }, [paperclip()]),
    launcher: el("button", { className: "sbw-launcher", id: "sbw-launcher", type: "button",
      "aria-expanded": "false", "aria-controls": "sbw-panel", text: title })
  };
  v.intro = el("div", { className: "sbw-intro", id: "sbw-intro" }, [
    el("label", { "for": "sbw-name", text: "Your name (optional)" }), v.nameInput,
    el("label", { "for": "sbw-email", text: "Email (optional, so we can follow up)" }), v.emailInput,
    v.introSave
  ]);
  v.form = el("form", { className: "sbw-form", id: "sbw-form" }, [v.attachBtn, v.fileInput, v.input, v.sendBtn]);

  v.panel.appendChild(el("header", { className: "sbw-head" }, [el("h2", { text: title }), v.conn, v.closeBtn]));
  v.panel.appendChild(v.queue);
  v.panel.appendChild(v.log);
  v.panel.appendChild(v.typing);
  if (askProfile) { v.panel.appendChild(v.intro); }
  v.panel.appendChild(v.form);
  v.root.appendChild(v.panel);
  v.root.appendChild(v.launcher);
  return v;
}

/**
 * Puts the widget in the page with its stylesheet: a file, not an inline <style>, since pages with a
 * strict Content-Security-Policy (ours included) refuse inline styles.
 */
export function mount(v, cssUrl, openAtLoad) {
  const place = () => {
    document.head.appendChild(el("link", { rel: "stylesheet", href: cssUrl }));
    document.body.appendChild(v.root);
    if (openAtLoad) { openPanel(v, false); }
  };
  if (document.body) { place(); } else { document.addEventListener("DOMContentLoaded", place); }
}

export function openPanel(v, focus) {
  v.root.classList.add("sbw-is-open");
  v.launcher.setAttribute("aria-expanded", "true");
  v.launcher.textContent = "Hide chat";
  if (focus !== false) { v.input.focus(); }
  v.log.scrollTop = v.log.scrollHeight;
}

export function closePanel(v) {
  v.root.classList.remove("sbw-is-open");
  v.launcher.setAttribute("aria-expanded", "false");
  v.launcher.textContent = v.title;
  v.launcher.focus();
}
