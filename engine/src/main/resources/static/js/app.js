// Sextant dashboard: a small hash router over three views, fed by the API and live server-sent events.
import { subscribe, loadAll, state, heldByWindows, refreshWindows } from './store.js';
import { connect } from './live.js';
import { setupSync, askToken, toast } from './sync.js';
import { getJson } from './api.js';
import { setToken, clearToken } from './auth.js';
import { refreshTimes, ago } from './format.js';
import { loadRights } from './suspend.js';
import { h, fill } from './dom.js';
import * as fleet from './views/fleet.js';
import * as resource from './views/resource.js';
import * as audit from './views/audit.js';
import * as windows from './views/windows.js';
import * as rollouts from './views/rollouts.js';
import { governs } from './views/windows.js';

const ROUTES = [
  [/^\/?$/, fleet, 'fleet', 'Fleet'],
  [/^\/resources\/([^/]+)\/([^/]+)\/([^/]+)$/, resource, 'fleet', null],
  [/^\/audit$/, audit, 'audit', 'Audit log'],
  [/^\/windows$/, windows, 'windows', 'Sync windows'],
  [/^\/rollouts$/, rollouts, 'rollouts', 'Rollouts'],
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
  showHeld();
  showOrphanObjects();
}

const askedFor = new Set();

// One line per sync window holding changes: which window, until when, what it governs, what waits.
function showHeld() {
  const banner = document.getElementById('windows-notice');
  const held = heldByWindows();
  const unlisted = held.filter((w) => !w.window && !askedFor.has(w.name)).map((w) => w.name);
  if (unlisted.length && state.loaded) { // a window this page has not listed yet: ask once per name
    unlisted.forEach((name) => askedFor.add(name));
    refreshWindows();
  }
  banner.replaceChildren(...held.map((w) => {
    const line = document.createElement('span');
    line.className = 'held-window';
    line.dataset.window = w.name;
    const n = w.resources.length;
    line.textContent = `Sync window ${w.name} holds ${n === 1 ? '1 change' : `${n} changes`}`
      + (w.until ? ` until ${w.until}` : ` (${w.why})`)
      + (w.window ? ` · governs ${governs(w.window)}` : '')
      + `: ${w.resources.map((r) => `${r.namespace}/${r.name}`).join(', ')}. `;
    const link = document.createElement('a');
    link.href = '#/windows';
    link.textContent = 'Sync windows';
    line.append(link);
    return line;
  }));
  banner.hidden = !held.length;
}

// Objects on backends that Sextant made but whose resource left Git: a count that stays in sight on every
// page, opening to the list with what each object is, why it is an orphan and since when.
function showOrphanObjects() {
  const box = document.getElementById('orphan-objects');
  const items = state.orphanObjects;
  const n = items.length;
  fill(box,
    h('summary', null, `${n === 1 ? '1 orphaned object' : `${n} orphaned objects`} on backends: made by Sextant, `
      + 'no longer in Git'),
    h('ul', { class: 'orphan-list' }, items.map((o) => h('li', { class: 'orphan', dataset: { name: o.name } },
      h('strong', null, `${o.kind} ${o.namespace}/${o.name}`), ` on ${o.backend} · `,
      `${o.resource.kind} ${o.resource.namespace}/${o.resource.name}`,
      o.source ? ` · source ${o.source}` : ' · source unknown', ` · ${o.reason} · orphaned since `, ago(o.since)))));
  box.hidden = !n;
}
// Scans run on the engine's timer, not on events: look again each minute.
setInterval(async () => {
  try {
    state.orphanObjects = (await getJson('/api/v1/orphans')).items;
    showOrphanObjects();
  } catch (e) { /* shown as the connection's trouble elsewhere */ }
}, 60000);

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
loadRights();
window.addEventListener('sextant:token', loadRights);
route();
loadAll();
connect(document.getElementById('connection'));
