// One resource: status, conditions, the live-vs-Git diff, desired and observed documents, history.
import { h, fill } from '../dom.js';
import { getJson, auditQuery } from '../api.js';
import { onLive, linksFor, state } from '../store.js';
import { ago, at, badge, commitId, keyOf, retryText } from '../format.js';
import { eventItem, diffTable } from './events.js';
import { jsonBlock } from './json.js';
import { suspendedBadge, suspendedText, suspendButton } from '../suspend.js';
import { mountRollout } from '../rollout.js';

export function mount(main, query, [kind, namespace, name]) {
  const key = `${kind}/${namespace}/${name}`;
  const body = h('div', null, h('p', { class: 'loading' }, 'Loading the resource…'));
  const history = h('ol', { class: 'timeline', id: 'history' });
  const historyStatus = h('div');
  const rollout = h('div', { id: 'rollout-slot' });
  fill(main,
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/' }, 'Fleet'), ' / ',
      h('a', { href: `#/?namespace=${encodeURIComponent(namespace)}` }, namespace), ' / ', kind),
    h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, name)),
    rollout,
    body,
    h('section', { class: 'section', 'aria-labelledby': 'history-title' },
      h('div', { class: 'page-head' }, h('h2', { id: 'history-title' }, 'History'),
        h('a', { href: `#/audit?resource=${encodeURIComponent(key)}` }, 'Open in audit log')),
      h('div', { class: 'card' }, historyStatus, history)));

  let removed = false;
  let detail = null;
  const load = async () => {
    try {
      detail = await getJson(`/api/v1/resources/${[kind, namespace, name].map(encodeURIComponent).join('/')}`);
      removed = false;
      fill(body, render(detail, load));
    } catch (e) {
      fill(body, h('div', { class: 'notice notice-bad', role: 'alert' }, e.status === 404
        ? `The engine does not manage ${key} (any more). ${e.message}` : `Cannot load ${key}: ${e.message}`));
    }
  };
  const loadHistory = async () => {
    try {
      const events = await getJson(auditQuery({ kind, namespace, name, limit: 200 }));
      fill(historyStatus, events.items.length ? null : h('p', { class: 'empty' }, 'No audit events for this resource yet.'));
      fill(history, events.items.map((e) => eventItem(e, { showResource: false })));
    } catch (e) {
      fill(historyStatus, h('div', { class: 'notice notice-bad' }, `Cannot load the history: ${e.message}`));
    }
  };
  load();
  loadHistory();
  const stopRollout = mountRollout(rollout, kind, namespace, name);

  let reloadTimer = null;
  const mine = (data) => keyOf(data.resource || data) === key;
  const off = [
    onLive('resource', (data) => {
      if (!mine(data)) return;
      clearTimeout(reloadTimer);
      reloadTimer = setTimeout(load, 120);
    }),
    onLive('audit', (event) => {
      if (!mine(event)) return;
      fill(historyStatus);
      history.prepend(eventItem(event, { showResource: false, fresh: true }));
    }),
    onLive('resource-removed', (data) => {
      if (mine(data) && !removed) {
        removed = true;
        body.prepend(h('div', { class: 'notice notice-warn', role: 'status' }, 'This resource was just removed from the engine.'));
      }
    }),
    onLive('resync', () => { load(); loadHistory(); }),
  ];
  // The buttons depend on what this tab's token may do.
  const redraw = () => { if (detail && !removed) fill(body, render(detail, load)); };
  window.addEventListener('sextant:rights', redraw);
  off.push(() => window.removeEventListener('sextant:rights', redraw));
  // A deep link may render before the Git host links are known; draw again once they are.
  const update = (reasons) => {
    if (reasons && reasons.has('all')) {
      if (detail && !removed) fill(body, render(detail, load));
      loadHistory();
    }
  };
  return { update, destroy() { off.forEach((f) => f()); clearTimeout(reloadTimer); stopRollout(); } };
}

function render(d, reload) {
  const links = linksFor(d.source);
  const diff = Array.isArray(d.diff) ? d.diff : [];
  const changed = new Set(diff.map((c) => c.path));
  const attention = d.sync !== 'Synced' || d.health !== 'Healthy';
  return h('div', { id: 'resource-detail', dataset: { key: keyOf(d) } },
    h('div', { class: 'title-badges' }, h('span', { class: 'badge' }, d.kind), h('span', { class: 'badge' }, `namespace ${d.namespace}`),
      badge(d.sync, 'Sync'), badge(d.health, 'Health'), badge(d.operation, 'Last operation'), suspendedBadge(d),
      suspendButton({ kind: 'resource', path: `/api/v1/resources/${[d.kind, d.namespace, d.name].map(encodeURIComponent).join('/')}`,
        label: `${d.kind} ${d.namespace}/${d.name}`, item: d }, reload)),
    d.suspended ? h('div', { class: 'notice notice-warn', id: 'resource-suspended', role: 'status' }, suspendedText(d)) : null,
    d.summary ? h('p', { class: 'muted', id: 'resource-summary' }, d.summary) : null,
    d.message ? h('div', { class: `notice ${attention ? 'notice-warn' : 'muted'}`, id: 'resource-message' }, d.message,
      d.attempts ? h('div', { class: 'muted', id: 'resource-retry' }, `Retrying with backoff: ${retryText(d.attempts, d.nextAttemptAt)}`) : null) : null,
    h('div', { class: 'grid-2 section' },
      h('div', { class: 'card card-pad' }, h('h2', null, 'Status'), h('dl', { class: 'kv' },
        h('dt', null, 'Backend'), h('dd', null, d.backend || '—'),
        // The kind's own columns, from its definition: the page knows no kind by name.
        ((state.kinds.get(d.kind) || {}).columns || []).filter((c) => c.pointer !== '/spec/backend')
          .flatMap((c) => [h('dt', null, c.title), h('dd', { dataset: { pointer: c.pointer } }, shown(at(d.desired, c.pointer)))]),
        h('dt', null, 'Source'), h('dd', null, d.source),
        h('dt', null, 'Applied commit'), h('dd', { id: 'applied-commit' }, commitId(links, d.appliedRevision)),
        h('dt', null, 'Desired commit'), h('dd', null, commitId(links, d.desiredRevision)),
        h('dt', null, 'Last synced'), h('dd', null, ago(d.lastSyncedAt)))),
      h('div', { class: 'card' }, h('div', { class: 'pane-head' }, h('h2', null, 'Conditions')),
        h('div', { class: 'table-wrap' }, h('table', { id: 'conditions' },
          h('thead', null, h('tr', null, ['Type', 'Status', 'Reason', 'Message'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', null, (d.conditions || []).map((c) => h('tr', null, h('td', null, h('strong', null, c.type)),
            h('td', null, conditionStatus(c)), h('td', null, c.reason), h('td', { class: 'row-message' }, c.message)))))))),
    h('section', { class: 'section', 'aria-labelledby': 'diff-title' }, h('h2', { id: 'diff-title' }, 'Live vs Git'),
      h('div', { class: 'card', id: 'diff' }, diff.length ? diffTable(diff, 'Live', 'Git')
        : h('p', { class: 'empty' }, d.observed ? 'No difference: the live state matches Git.' : 'Not observed yet.'))),
    h('div', { class: 'grid-2 section' },
      h('section', { class: 'card', 'aria-labelledby': 'desired-title', id: 'desired' },
        h('div', { class: 'pane-head' }, h('h2', { id: 'desired-title' }, 'Desired (Git)'), commitId(links, d.desiredRevision)),
        jsonBlock(d.desired, changed, 'The resource has left Git.')),
      h('section', { class: 'card', 'aria-labelledby': 'observed-title', id: 'observed' },
        h('div', { class: 'pane-head' }, h('h2', { id: 'observed-title' }, 'Observed (live)'), h('span', { class: 'muted' }, d.backend || '')),
        jsonBlock(d.observed, changed, 'Not observed on the backend.'))));
}

/** Ready and Synced are good when True; Stalled is bad when True. */
function conditionStatus(c) {
  const good = (c.status === 'True') !== (c.type === 'Stalled');
  return h('span', { class: `badge tone-${good ? 'ok' : c.type === 'Stalled' ? 'bad' : 'warn'}` },
    h('span', { class: 'badge-icon', 'aria-hidden': 'true' }, good ? '✓' : '✕'), c.status);
}

/** A manifest value as a cell shows it: text as is, other JSON as JSON, absent as a dash. */
function shown(value) {
  if (value === undefined || value === null) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
