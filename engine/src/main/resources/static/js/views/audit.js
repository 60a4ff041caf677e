// The audit timeline: newest first, filtered by commit (any prefix), resource and action, live.
import { h, fill, select } from '../dom.js';
import { getJson, auditQuery } from '../api.js';
import { state, onLive } from '../store.js';
import { keyOf } from '../format.js';
import { eventItem } from './events.js';

const ACTIONS = ['create', 'update', 'delete', 'blocked', 'drift-detected', 'drift-corrected'];

export function mount(main, query) {
  const filters = { action: query.get('action') || '', resource: query.get('resource') || '', commit: query.get('commit') || '' };
  let limit = 200;
  const controls = h('div', { class: 'filters', role: 'search', 'aria-label': 'Filter audit events' });
  const list = h('ol', { class: 'timeline', id: 'timeline' });
  const status = h('div', { class: 'table-foot', role: 'status', id: 'timeline-count' });
  const chain = h('span', { id: 'chain' });
  fill(main,
    h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, 'Audit log'), chain),
    h('div', { class: 'card' }, controls, list, status));

  const fullCommit = () => /^[0-9a-f]{40}$/i.test(filters.commit.trim());
  let loadedByCommit = false; // events were fetched for one full commit id only
  const matches = (e) => {
    if (filters.action && e.action !== filters.action) return false;
    if (filters.resource && keyOf(e.resource || {}) !== filters.resource) return false;
    const c = filters.commit.trim().toLowerCase();
    return !c || (e.commit || '').toLowerCase().startsWith(c);
  };
  let events = [];
  let loaded = false;
  const renderList = () => {
    const shown = events.filter(matches);
    fill(list, shown.map((e) => eventItem(e, { fresh: e.fresh })));
    events.forEach((e) => { delete e.fresh; });
    fill(status, !loaded ? h('span', { class: 'loading' }, 'Loading events…')
      : shown.length ? `${shown.length} event${shown.length > 1 ? 's' : ''}, newest first` : 'No audit events match these filters.',
    loaded && events.length >= limit && limit < 10000 ? h('button', { class: 'btn', type: 'button',
      onclick: () => { limit = 10000; load(); } }, 'Load older events') : null);
  };
  const load = async () => {
    const [kind, namespace, name] = filters.resource ? filters.resource.split('/') : [];
    try {
      const page = await getJson(auditQuery({ action: filters.action, kind, namespace, name,
        commit: fullCommit() ? filters.commit.trim().toLowerCase() : '', limit }));
      events = page.items;
      loaded = true;
      loadedByCommit = fullCommit();
      renderList();
    } catch (e) {
      fill(status, h('div', { class: 'notice notice-bad', role: 'alert' }, `Cannot load the audit log: ${e.message}`));
    }
    try {
      const v = await getJson('/api/v1/audit/verify');
      fill(chain, v.valid ? h('span', { class: 'badge tone-ok', title: 'SHA-256 hash chain re-verified by the engine' },
        h('span', { class: 'badge-icon', 'aria-hidden': 'true' }, '✓'), `Hash chain verified · ${v.events} events`)
        : h('span', { class: 'badge tone-bad' }, `Hash chain broken at event #${v.firstBrokenId}`));
    } catch (ignored) { fill(chain); }
  };
  const setFilter = (name, value) => {
    filters[name] = value;
    const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
    history.replaceState(null, '', `#/audit${params.toString() ? `?${params}` : ''}`);
    if (name !== 'commit' || fullCommit() || loadedByCommit) load();
    else renderList();
  };
  const renderControls = () => {
    const keys = new Set([...state.resources.keys(), ...events.map((e) => keyOf(e.resource || {}))]);
    if (filters.resource) keys.add(filters.resource);
    fill(controls,
      h('div', { class: 'filter filter-grow' }, h('label', { for: 'filter-commit' }, 'Commit'),
        h('input', { id: 'filter-commit', type: 'search', placeholder: 'Commit id or prefix', value: filters.commit,
          autocomplete: 'off', spellcheck: 'false', oninput: (e) => setFilter('commit', e.target.value) })),
      select('filter-resource', 'Resource', [['', 'All resources'], ...[...keys].filter((k) => k !== '//').sort()], filters.resource,
        (v) => setFilter('resource', v)),
      select('filter-action', 'Action', [['', 'All actions'], ...ACTIONS], filters.action, (v) => setFilter('action', v)));
  };
  renderControls();
  renderList();
  load().then(renderControls);

  const off = [
    onLive('audit', (e) => {
      if (events.some((x) => x.id === e.id)) return;
      events.unshift({ ...e, fresh: true });
      renderList();
    }),
    onLive('resync', load),
  ];
  const update = (reasons) => {
    if (reasons && reasons.has('all') && loaded) {
      renderList(); // commit and PR links arrive with the first full load
      if (!controls.contains(document.activeElement)) renderControls();
    }
  };
  return { update, destroy() { off.forEach((f) => f()); } };
}
