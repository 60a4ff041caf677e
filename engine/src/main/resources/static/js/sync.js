// Asking for a token, and "Sync now" (POST /api/v1/sync, which needs the admin token).
import { syncNow } from './api.js';
import { getToken, setToken, clearToken } from './auth.js';
import { h } from './dom.js';

export function toast(message, tone) {
  const el = h('div', { class: `toast${tone === 'bad' ? ' toast-bad' : ''}`, role: tone === 'bad' ? 'alert' : null }, message);
  document.getElementById('toasts').append(el);
  setTimeout(() => el.remove(), tone === 'bad' ? 9000 : 5000);
}

const dialog = document.getElementById('token-dialog');
const input = document.getElementById('token-input');
const error = document.getElementById('token-error');
const submit = document.getElementById('token-submit');
let pending = null; // {use(token): Promise} of the open dialog

function showError(message) {
  error.textContent = message || '';
  error.hidden = !message;
}

/**
 * Opens the token dialog; use(token) runs on submit and throws to keep the dialog open with its
 * message. kind 'read' or 'sync' picks the wording; signIn offers the engine's single sign-on as well.
 */
export function askToken(kind, use, message, signIn) {
  if (dialog.open && pending && pending.kind === kind) return; // already asking
  document.getElementById('token-title').textContent = kind === 'read' ? 'This engine needs a token' : 'Sync now';
  document.getElementById('token-intro').textContent = kind === 'read'
    ? 'Reading this engine\'s API needs its read token (sextant.api.read-token) or its admin token.'
    : 'Syncing changes state, so the engine asks for its admin token: sextant.api.admin-token, or the admin-token file in its data directory.';
  document.getElementById('token-label').textContent = kind === 'read' ? 'Read or admin token' : 'Admin token';
  submit.textContent = kind === 'read' ? 'Continue' : 'Sync';
  document.getElementById('token-sso').hidden = !(kind === 'read' && signIn);
  pending = { kind, use };
  input.value = '';
  showError(message);
  if (!dialog.open) dialog.showModal();
  input.focus();
}

document.getElementById('token-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = input.value.trim();
  if (!token) return showError('Enter the token.');
  submit.disabled = true;
  try {
    await pending.use(token);
    dialog.close();
  } catch (e) {
    showError(e.message);
    input.select();
  } finally {
    submit.disabled = false;
    showForget();
  }
});
document.getElementById('token-cancel').addEventListener('click', () => dialog.close());

const forget = document.getElementById('forget-token');
function showForget() {
  forget.hidden = !getToken();
}
forget.addEventListener('click', () => {
  clearToken();
  showForget();
  toast('Token forgotten for this tab.');
});

function accepted(sources) {
  toast(sources.length ? `Sync requested for ${sources.join(', ')}; changes appear here as they happen.` : 'Sync requested.');
}

/** Why a sync was refused, in words that say what to do. */
function refusal(e) {
  if (e.status === 401) {
    return '401 Unauthorized: the engine rejected this token. Check sextant.api.admin-token or the admin-token file in its data directory.';
  }
  if (e.status === 403) return '403 Forbidden: this is the read token, which cannot change state. Enter the admin token.';
  return `Sync failed: ${e.message}`;
}

async function syncWith(token) {
  try {
    accepted(await syncNow(token));
  } catch (e) {
    throw new Error(refusal(e));
  }
  setToken(token); // the admin token also reads, so it can replace a read token
}

export function setupSync() {
  const button = document.getElementById('sync-now');
  button.addEventListener('click', async () => {
    const token = getToken();
    if (!token) return askToken('sync', syncWith);
    button.disabled = true;
    try {
      accepted(await syncNow(token));
    } catch (e) {
      if (e.status === 401 || e.status === 403) askToken('sync', syncWith, refusal(e));
      else toast(`Sync failed: ${e.message}`, 'bad');
    } finally {
      button.disabled = false;
    }
  });
  showForget();
  window.addEventListener('sextant:token', showForget);
}
