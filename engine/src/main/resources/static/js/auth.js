// The bearer token of this tab: the read token (when the engine requires one for reads) or the admin
// token (which may also read). Kept in sessionStorage only, gone when the tab closes, and sent as an
// Authorization header, never as a cookie or in a URL.
const KEY = 'sextant.token';

export function getToken() {
  return sessionStorage.getItem(KEY);
}

export function setToken(value) {
  sessionStorage.setItem(KEY, value);
  window.dispatchEvent(new Event('sextant:token'));
}

export function clearToken() {
  sessionStorage.removeItem(KEY);
  window.dispatchEvent(new Event('sextant:token'));
}

export function authHeaders() {
  const token = getToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}
