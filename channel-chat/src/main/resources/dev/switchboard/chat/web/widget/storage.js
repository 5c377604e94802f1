/* What the widget keeps in localStorage: the visitor token, messages not yet acknowledged, the profile. */

export const TOKEN_KEY = "switchboard.chat.token";
export const PENDING_KEY = "switchboard.chat.pending";
export const PROFILE_KEY = "switchboard.chat.profile";

/** localStorage that never throws: in private mode or with storage blocked the chat lasts the page. */
export const storage = {
  get(k) { try { return localStorage.getItem(k); } catch (e) { return null; } },
  set(k, v) { try { localStorage.setItem(k, v); } catch (e) { /* private mode: session only */ } },
  json(k, dflt) { try { return JSON.parse(storage.get(k)) || dflt; } catch (e) { return dflt; } }
};

/**
 * A message's clientId, the key the server dedupes resends by: the time in milliseconds as 12 hex digits, then
 * 6 random bytes as hex (24 hex digits, as ULIDs order). Time first, so the server's index of these keys takes
 * each new one near its end (docs/channel-chat.md, "clientId").
 */
export function newClientId() {
  const a = new Uint8Array(6);
  window.crypto.getRandomValues(a);
  const random = Array.prototype.map.call(a, (b) => ("0" + b.toString(16)).slice(-2)).join("");
  return ("00000000000" + Date.now().toString(16)).slice(-12) + random;
}
