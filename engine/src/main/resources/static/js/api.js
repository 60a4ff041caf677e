// The engine's HTTP API. No cookies are ever sent (credentials: 'omit'): writes carry a bearer token,
// which makes them immune to cross-site request forgery.

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

async function failure(response) {
  let detail = `${response.status} ${response.statusText}`;
  try {
    const body = await response.json();
    if (body && body.detail) detail = body.detail;
  } catch (ignored) { /* not a problem document */ }
  return new ApiError(response.status, detail);
}

export async function getJson(path) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'omit', cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, 'cannot reach the engine');
  }
  if (!response.ok) throw await failure(response);
  return response.json();
}

/** POST /api/v1/sync with the admin token; resolves to the accepted source names. */
export async function syncNow(token) {
  let response;
  try {
    response = await fetch('/api/v1/sync', {
      method: 'POST', credentials: 'omit',
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    });
  } catch (e) {
    throw new ApiError(0, 'cannot reach the engine');
  }
  if (!response.ok) throw await failure(response);
  return (await response.json()).accepted || [];
}

export function auditQuery(params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  return `/api/v1/audit?${query}`;
}
