// "Sync now": POST /api/v1/sync with the admin token. The token lives in sessionStorage only (gone when
// the tab closes) and travels as a bearer header, never as a cookie.
import { syncNow } from './api.js';
import { h } from './dom.js';

const TOKEN_KEY = 'sextant.adminToken';

export function toast(message, tone) {
  const el = h('div', { class: `toast${tone === 'bad' ? ' toast-bad' : ''}`, role: tone === 'bad' ? 'alert' : null }, message);
  document.getElementById('toasts').append(el);
  setTimeout(() => el.remove(), tone === 'bad' ? 9000 : 5000);
}

export function setupSync() {
  const button = document.getElementById('sync-now');
  const forget = document.getElementById('forget-token');
  const dialog = document.getElementById('token-dialog');
  const form = document.getElementById('token-form');
  const input = document.getElementById('token-input');
  const error = document.getElementById('token-error');
  const submit = document.getElementById('token-submit');

  const stored = () => sessionStorage.getItem(TOKEN_KEY);
  const showForget = () => { forget.hidden = !stored(); };
  const showError = (message) => {
    error.textContent = message || '';
    error.hidden = !message;
  };

  const ask = (message) => {
    input.value = '';
    showError(message);
    if (!dialog.open) dialog.showModal();
    input.focus();
  };

  const accepted = (sources) => {
    toast(sources.length ? `Sync requested for ${sources.join(', ')}; changes appear here as they happen.`
      : 'Sync requested.');
  };

  button.addEventListener('click', async () => {
    const token = stored();
    if (!token) return ask();
    button.disabled = true;
    try {
      accepted(await syncNow(token));
    } catch (e) {
      if (e.status === 401) {
        sessionStorage.removeItem(TOKEN_KEY);
        ask('The engine no longer accepts the saved token (401 Unauthorized). Enter the current admin token.');
      } else {
        toast(`Sync failed: ${e.message}`, 'bad');
      }
    } finally {
      button.disabled = false;
      showForget();
    }
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (!token) return showError('Enter the admin token.');
    submit.disabled = true;
    try {
      const sources = await syncNow(token);
      sessionStorage.setItem(TOKEN_KEY, token);
      dialog.close();
      accepted(sources);
    } catch (e) {
      showError(e.status === 401
        ? '401 Unauthorized: the engine rejected this token. Check sextant.api.admin-token or the admin-token file in its data directory.'
        : `Sync failed: ${e.message}`);
      input.select();
    } finally {
      submit.disabled = false;
      showForget();
    }
  });

  document.getElementById('token-cancel').addEventListener('click', () => dialog.close());
  forget.addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    showForget();
    toast('Admin token forgotten for this tab.');
  });
  showForget();
}
