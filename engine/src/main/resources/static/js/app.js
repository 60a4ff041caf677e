// Sextant dashboard: a small hash router over three views, fed by the API and live server-sent events.
import { subscribe, loadAll, state } from './store.js';
import { connect } from './live.js';
import { setupSync, askToken, toast } from './sync.js';
import { getJson } from './api.js';
import { setToken, clearToken } from './auth.js';
import { refreshTimes } from './format.js';
import * as fleet from './views/fleet.js';
import * as resource from './views/resource.js';
import * as audit from './views/audit.js';

const ROUTES = [
  [/^\/?$/, fleet, 'fleet', 'Fleet'],
  [/^\/resources\/([^/]+)\/([^/]+)\/([^/]+)$/, resource, 'fleet', null],
  [/^\/audit$/, audit, 'audit', 'Audit log'],
];

const main = document.getElementById('main');
let current = null;
let first = true;

function route() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, search] = hash.split('?');
  const query = new URLSearchParams(search || '');
  const match = ROUTES.map(([re, view, nav, title]) => [re.exec(path), view, nav, title]).find(([m]) => m);
  if (current) current.destroy();
  if (!match) {
    current = null;
    main.replaceChildren();
    const p = document.createElement('p');
    p.className = 'notice notice-warn';
    p.textContent = `No page at #${path}. `;
    const back = document.createElement('a');
    back.href = '#/';
    back.textContent = 'Back to the fleet';
    p.append(back);
    main.append(p);
    return;
  }
  const [m, view, nav, title] = match;
  const params = m.slice(1).map(decodeURIComponent);
  current = view.mount(main, query, params);
  document.title = `${title || params[2] || 'Sextant'} · Sextant`;
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  // After a navigation (not the first load), move focus to the new page's heading for screen readers.
  if (!first) {
    const heading = main.querySelector('h1');
    if (heading) heading.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }
  first = false;
}

// Banners above every page: the sample fleet running for want of configuration, and resources left by
// sources that are no longer configured. Text only (textContent): source names come from the database.
function showBanners() {
  const sample = document.getElementById('engine-notice');
  sample.textContent = state.notice || '';
  sample.hidden = !state.notice;
  const orphans = document.getElementById('orphans-notice');
  const { resources, sources } = state.orphans;
  orphans.textContent = resources
    ? `${resources === 1 ? '1 resource belongs' : `${resources} resources belong`} to sources no longer configured`
      + ` (${sources.join(', ')}):`
      + ' their live state is left as it is; set sextant.orphans.prune: true to delete them.'
    : '';
  orphans.hidden = !resources;
}

/** Sign out shows only for a single sign-on session: a token in this tab is forgotten instead. */
function showSignOut() {
  const form = document.getElementById('sign-out');
  const person = state.signedIn;
  form.hidden = !person;
  document.getElementById('signed-in-as').textContent = person ? (person.email || person.subject) : '';
}

// The engine ends the session and names the next stop (the provider's end-session page, or back here).
document.getElementById('sign-out-button').addEventListener('click', async () => {
  try {
    const response = await fetch('/logout', { method: 'POST', headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
    const answer = await response.json();
    window.location.assign(answer.location || '/');
  } catch (e) {
    toast(`Sign out failed: ${e.message}`, 'bad');
  }
});

subscribe((reasons) => {
  showBanners();
  showSignOut();
  if (current) current.update(reasons);
});
window.addEventListener('hashchange', route);
document.addEventListener('keydown', (e) => {
  // "/" jumps to the search box, as on GitHub; not while typing somewhere.
  if (e.key === '/' && !/^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName)) {
    const search = document.getElementById('filter-q') || document.getElementById('filter-commit');
    if (search) {
      e.preventDefault();
      search.focus();
    }
  }
});
setInterval(() => refreshTimes(), 15000);

// A refused read: this engine requires a read token, or a sign-in when its refusal names the single
// sign-on path. Ask once, check it, then load everything again.
window.addEventListener('sextant:unauthorized', (event) => askToken('read', async (token) => {
  setToken(token);
  try {
    await getJson('/api/v1/overview');
  } catch (e) {
    clearToken();
    throw new Error(e.status === 401 ? '401 Unauthorized: the engine rejected this token.' : e.message);
  }
  await loadAll();
  route();
}, undefined, String(event.detail || '').includes('/oauth2/authorization/sso')));

setupSync();
route();
loadAll();
connect(document.getElementById('connection'));
