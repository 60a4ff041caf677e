// The resource table: filters (namespace, status, backend, kind), name search, sortable columns.
// Filters live in the address (#/?namespace=search&q=chat) so a view can be bookmarked and shared.
import { h, fill, select } from '../dom.js';
import { state, linksFor } from '../store.js';
import { ago, badge, commitId, keyOf, resourceHref, retryText, shortId } from '../format.js';
import { suspendedBadge } from '../suspend.js';

const MAX_ROWS = 500;
const STATUS_OPTIONS = [['', 'Any status'],
  { group: 'Sync', options: ['Synced', 'OutOfSync', 'Unknown'].map((s) => [`sync:${s}`, s]) },
  { group: 'Health', options: ['Healthy', 'Progressing', 'Degraded', 'Missing', 'Unknown'].map((s) => [`health:${s}`, s]) },
  { group: 'Last operation', options: ['Succeeded', 'Failed', 'Blocked', 'Running', 'None'].map((s) => [`operation:${s}`, s]) }];
const COLUMNS = [['kind', 'Kind'], ['namespace', 'Namespace'], ['name', 'Name'], ['backend', 'Backend', 'opt'],
  ['summary', 'Summary', 'opt'],
  ['sync', 'Sync'], ['health', 'Health'], ['operation', 'Last operation', 'opt'], ['appliedRevision', 'Commit'],
  ['lastSyncedAt', 'Age', 'opt']];

export function createTable(query) {
  const filters = { namespace: '', status: '', backend: '', kind: '', q: '' };
  for (const k of Object.keys(filters)) filters[k] = query.get(k) || '';
  let sort = { col: 'namespace', dir: 1 };
  let showAll = false;

  const controls = h('div', { class: 'filters', role: 'search', 'aria-label': 'Filter resources' });
  const head = h('tr');
  const tbody = h('tbody', { id: 'resource-rows' });
  const foot = h('div', { class: 'table-foot', role: 'status', id: 'resource-count' });
  const el = h('div', { class: 'card' }, controls,
    h('div', { class: 'table-wrap' }, h('table', { id: 'resources' }, h('thead', null, head), tbody)), foot);

  // fromControl: the control already shows the value, so only the rows and the clear button change.
  const setFilter = (name, value, fromControl) => {
    filters[name] = value;
    const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
    history.replaceState(null, '', `#/${params.toString() ? `?${params}` : ''}`);
    if (fromControl) clear.hidden = !Object.values(filters).some(Boolean);
    else renderControls(true);
    renderRows();
  };
  const clear = h('button', { class: 'btn btn-quiet', type: 'button', id: 'filter-clear', onclick: () => {
    Object.keys(filters).forEach((k) => { filters[k] = ''; });
    setFilter('q', '');
    document.getElementById('filter-q').focus();
  } }, 'Clear filters');

  let controlsKey = '';
  const renderControls = (force) => {
    const all = [...state.resources.values()];
    const distinct = (f) => [...new Set(all.map((r) => r[f]).filter(Boolean))].sort();
    const namespaces = distinct('namespace');
    const backends = distinct('backend');
    const kinds = distinct('kind');
    const key = JSON.stringify([namespaces, backends, kinds]);
    if (key === controlsKey && !force) return; // leave the controls (and the user's focus) alone
    controlsKey = key;
    const focused = document.activeElement && controls.contains(document.activeElement) ? document.activeElement.id : null;
    clear.hidden = !Object.values(filters).some(Boolean);
    fill(controls,
      h('div', { class: 'filter filter-grow' }, h('label', { for: 'filter-q' }, 'Name'),
        h('input', { id: 'filter-q', type: 'search', placeholder: 'Search by name…', value: filters.q,
          autocomplete: 'off', 'aria-keyshortcuts': '/', oninput: (e) => setFilter('q', e.target.value, true) })),
      select('filter-namespace', 'Namespace', [['', 'All namespaces'], ...namespaces], filters.namespace, (v) => setFilter('namespace', v, true)),
      select('filter-status', 'Status', STATUS_OPTIONS, filters.status, (v) => setFilter('status', v, true)),
      select('filter-backend', 'Backend', [['', 'All backends'], ...backends], filters.backend, (v) => setFilter('backend', v, true)),
      select('filter-kind', 'Kind', [['', 'All kinds'], ...kinds], filters.kind, (v) => setFilter('kind', v, true)),
      clear);
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
  };

  const renderHead = () => fill(head, COLUMNS.map(([col, label, cls]) => h('th', {
    scope: 'col', class: cls, 'aria-sort': sort.col === col ? (sort.dir > 0 ? 'ascending' : 'descending') : null },
  h('button', { type: 'button', onclick: () => { sort = { col, dir: sort.col === col ? -sort.dir : 1 }; renderHead(); renderRows(); } }, label))));

  const matches = (r) => {
    if (filters.namespace && r.namespace !== filters.namespace) return false;
    if (filters.backend && r.backend !== filters.backend) return false;
    if (filters.kind && r.kind !== filters.kind) return false;
    if (filters.status) {
      const [field, value] = filters.status.split(':');
      if (r[field] !== value) return false;
    }
    return !filters.q || r.name.toLowerCase().includes(filters.q.trim().toLowerCase());
  };

  const compare = (a, b) => {
    const va = a[sort.col] || '';
    const vb = b[sort.col] || '';
    const primary = sort.col === 'lastSyncedAt' ? (vb > va ? 1 : vb < va ? -1 : 0) : String(va).localeCompare(String(vb));
    return sort.dir * primary || keyOf(a).localeCompare(keyOf(b));
  };

  const renderRows = () => {
    const rows = [...state.resources.values()].filter(matches).sort(compare);
    const shown = showAll ? rows : rows.slice(0, MAX_ROWS);
    const focusKey = document.activeElement && tbody.contains(document.activeElement)
      ? document.activeElement.closest('tr').dataset.key : null;
    if (!state.resources.size) {
      fill(tbody, h('tr', null, h('td', { colspan: COLUMNS.length, class: 'empty' },
        'No resources yet. Commit specs under a source\'s paths and they appear here.')));
    } else if (!rows.length) {
      fill(tbody, h('tr', null, h('td', { colspan: COLUMNS.length, class: 'empty' }, 'No resources match these filters.')));
    } else {
      fill(tbody, shown.map(row));
    }
    state.changed.clear();
    if (focusKey) {
      const link = tbody.querySelector(`tr[data-key="${CSS.escape(focusKey)}"] a`);
      if (link) link.focus();
    }
    fill(foot, `${rows.length} of ${state.resources.size} resources`,
      rows.length > shown.length ? h('button', { class: 'btn', type: 'button', onclick: () => { showAll = true; renderRows(); } },
        `Show all ${rows.length}`) : null);
  };

  renderHead();
  return {
    el,
    setFilter,
    update() {
      renderControls();
      renderRows();
    },
  };
}

function row(r) {
  const key = keyOf(r);
  const changed = state.changed.has(key);
  const attention = r.sync !== 'Synced' || r.health !== 'Healthy' || r.operation === 'Failed' || r.operation === 'Blocked';
  // desiredRevision follows every commit; only an out-of-sync resource waits for it.
  const pending = r.sync !== 'Synced' && r.desiredRevision && r.desiredRevision !== r.appliedRevision;
  return h('tr', { dataset: { key }, class: changed ? 'flash' : null },
    h('td', { class: 'kind' }, r.kind),
    h('td', null, r.namespace),
    h('td', { class: 'name' }, h('a', { href: resourceHref(r) }, r.name), r.suspended ? ' ' : null, suspendedBadge(r),
      attention && r.message ? h('div', { class: 'row-message' }, r.message) : null,
      r.attempts ? h('div', { class: 'row-retry muted' }, retryText(r.attempts, r.nextAttemptAt)) : null),
    h('td', { class: 'opt' }, r.backend || h('span', { class: 'muted' }, '—')),
    h('td', { class: 'summary opt' }, r.summary || ''),
    h('td', { class: 'sync' }, badge(r.sync)),
    h('td', { class: 'health' }, badge(r.health)),
    h('td', { class: 'operation opt' }, badge(r.operation)),
    h('td', { class: 'commit-cell' }, commitId(linksFor(r.source), r.appliedRevision),
      pending ? h('div', { class: 'row-message', title: r.desiredRevision }, `Git wants ${shortId(r.desiredRevision)}`) : null),
    h('td', { class: 'opt age' }, ago(r.lastSyncedAt)));
}
