// One audit event as a timeline entry: action, resource, commit and PR links, outcome, diff.
import { h } from '../dom.js';
import { linksFor } from '../store.js';
import { ago, authorName, badge, commitId, jsonText, pullRequest, resourceHref } from '../format.js';

export function eventItem(e, { showResource = true, fresh = false } = {}) {
  const links = linksFor(e.source);
  const r = e.resource || {};
  const diff = Array.isArray(e.diff) ? e.diff : [];
  return h('li', { class: `event${fresh ? ' flash' : ''}`, dataset: { id: String(e.id), action: e.action } },
    h('div', { class: 'event-time' }, ago(e.time),
      h('div', { class: 'muted mono small' }, `${clock(e.time)} · #${e.id}`)),
    h('div', null,
      h('div', { class: 'event-title' }, badge(e.action),
        showResource && r.name ? h('a', { href: resourceHref(r) }, `${r.kind} ${r.namespace}/${r.name}`) : null,
        e.outcome !== 'succeeded' ? badge(e.outcome) : null,
        e.backend ? h('span', { class: 'muted' }, `on ${e.backend}`) : null),
      h('div', { class: 'event-meta' },
        e.commit ? h('span', { class: 'commit' }, commitId(links, e.commit),
          e.commitMessage ? h('span', { class: 'commit-msg' }, e.commitMessage) : null,
          e.commitAuthor ? h('span', null, `by ${authorName(e.commitAuthor)}`) : null) : null,
        pullRequest(links, e.pullRequest),
        e.approvedBy && e.approvedBy.length ? h('span', null, `approved by ${e.approvedBy.join(', ')}`) : null,
        h('span', null, `trigger: ${e.trigger}`),
        h('span', null, `${e.durationMs} ms`)),
      e.error ? h('div', { class: 'event-error' }, e.error) : null,
      diff.length ? h('details', null, h('summary', null, `${diff.length} field change${diff.length > 1 ? 's' : ''}`),
        diffTable(diff, 'Before', 'After')) : null));
}

/** A field diff [{op, path, from, value}] as a table. */
export function diffTable(diff, fromLabel, valueLabel) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'diff-table' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Path'), h('th', { scope: 'col' }, 'Change'),
      h('th', { scope: 'col' }, fromLabel), h('th', { scope: 'col' }, valueLabel))),
    h('tbody', null, diff.map((d) => h('tr', null, h('td', null, d.path || '/'), h('td', null, d.op),
      h('td', { class: 'val val-old' }, jsonText(d.from)), h('td', { class: 'val val-new' }, jsonText(d.value)))))));
}

/** "14:03:27" today, "Nov 22, 14:03" before. */
function clock(iso) {
  const at = new Date(iso);
  const time = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  return at.toDateString() === new Date().toDateString()
    ? at.toLocaleTimeString([], { ...time, second: '2-digit' })
    : at.toLocaleString([], { month: 'short', day: 'numeric', ...time });
}
