// Suspend and resume: the badge that says a resource (or source) is held, and the buttons, offered only to
// callers who may (GET /api/v1/access with this tab's token; every write is checked again by the engine).
import { request } from './api.js';
import { authHeaders } from './auth.js';
import { h } from './dom.js';
import { toast } from './sync.js';

let rights = { admin: false, operate: [] };

/** Asks the engine what this tab's token may do; again whenever the token changes. */
export async function loadRights() {
  try {
    // fetch, not getJson: a refusal here means "no rights", not "this engine needs a read token".
    const response = await fetch('/api/v1/access', { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json', ...authHeaders() } });
    rights = response.ok ? await response.json() : { admin: false, operate: [] };
  } catch (e) {
    rights = { admin: false, operate: [] };
  }
  window.dispatchEvent(new Event('sextant:rights'));
}

const covers = (list, value) => list.includes('*') || (value != null && list.includes(value));

/** Whether this tab may suspend or resume the resource: an operator or admin of its namespace and backend. */
export function mayOperate(r) {
  return rights.operate.some((s) => covers(s.namespaces, r.namespace) && covers(s.backends, r.backend));
}

export function mayAdminister() {
  return rights.admin;
}

/** "Suspended" with who, since when and why in its tooltip; null when not suspended. */
export function suspendedBadge(item) {
  if (!item || !item.suspended) return null;
  return h('span', { class: 'badge tone-warn suspended-badge', title: suspendedText(item) },
    h('span', { class: 'badge-icon', 'aria-hidden': 'true' }, '‖'), 'Suspended');
}

/** "Suspended by ada@example.com since 2026-... (via source platform): reason". */
export function suspendedText(item) {
  const via = item.suspendedWith === 'source' ? ` via its source ${item.source}` : '';
  return `Suspended${via} by ${item.suspendedBy} since ${new Date(item.suspendedAt).toLocaleString()}`
    + (item.suspendReason ? `: ${item.suspendReason}` : '') + '. Changes wait for resume; drift is reported, not healed.';
}

/**
 * The Suspend or Resume button of a resource or source (target {kind: 'resource'|'source', path, label, item}).
 * A resource held by its source's suspension is resumed with its source, so it gets no Resume button.
 */
export function suspendButton(target, after) {
  const item = target.item;
  const allowed = target.kind === 'source' ? mayAdminister() : mayOperate(item);
  if (!allowed || (item.suspended && item.suspendedWith === 'source')) return null;
  const resume = item.suspended;
  const button = h('button', { class: `btn ${resume ? 'btn-primary' : ''} ${resume ? 'resume-button' : 'suspend-button'}`, type: 'button' },
    resume ? 'Resume' : 'Suspend');
  button.addEventListener('click', async () => {
    let body = null;
    if (!resume) {
      const reason = window.prompt(`Suspend ${target.label}: no change will be applied to it until it is resumed. Reason (optional):`, '');
      if (reason === null) return; // cancelled
      body = JSON.stringify({ reason });
    }
    button.disabled = true;
    try {
      await request(`${target.path}/${resume ? 'resume' : 'suspend'}`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body,
      });
      toast(`${target.label} ${resume ? 'resumed: what waited is applied now' : 'suspended'}.`);
      if (after) after();
    } catch (e) {
      toast(`${resume ? 'Resume' : 'Suspend'} failed: ${e.message}`, 'bad');
    } finally {
      button.disabled = false;
    }
  });
  return button;
}
