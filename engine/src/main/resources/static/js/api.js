// The engine's HTTP API. Requests carry the tab's bearer token; with single sign-on, the session cookie
// of a signed-in browser goes along (same origin only). The engine lets that cookie read, never write:
// writes need the bearer header, which keeps them immune to cross-site request forgery.
import { authHeaders } from './auth.js';

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

async function failure(response, method) {
  let detail = `${response.status} ${response.statusText}`;
  try {
    const body = await response.json();
    if (body && body.detail) detail = body.detail;
  } catch (ignored) { /* not a problem document */ }
  // A refused read means this engine wants a read token; the page asks for one.
  if (response.status === 401 && method === 'GET') window.dispatchEvent(new CustomEvent('sextant:unauthorized', { detail }));
  return new ApiError(response.status, detail);
}

export async function request(path, options = {}) {
  let response;
  try {
    response = await fetch(path, {
      ...options, credentials: 'same-origin', cache: 'no-store',
      headers: { Accept: 'application/json', ...authHeaders(), ...(options.headers || {}) },
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'cannot reach the engine');
  }
  if (!response.ok) throw await failure(response, options.method || 'GET');
  return response;
}

export async function getJson(path) {
  return (await request(path)).json();
}

/** POST /api/v1/sync with a token (the admin token); resolves to the accepted source names. */
export async function syncNow(token) {
  const response = await request('/api/v1/sync', { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  return (await response.json()).accepted || [];
}

export function auditQuery(params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  return `/api/v1/audit?${query}`;
}
