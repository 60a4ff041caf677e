// The sync windows page: every window in force that this reader may see, open now or not, with what it
// governs. Changes a window holds say so on the fleet page and in the banner above every page.
import { h, fill } from '../dom.js';
import { state, refreshWindows, heldByWindows } from '../store.js';

/** What a window governs, in words: "namespace search · kinds ModelDeployment", or "everything". */
export function governs(w) {
  const g = w.governs || {};
  const parts = [['namespace', g.namespaces], ['kind', g.kinds], ['backend', g.backends], ['source', g.sources]]
    .filter(([, list]) => list && list.length)
    .map(([noun, list]) => `${noun}${list.length > 1 ? 's' : ''} ${list.join(', ')}`);
  if (g.labels) parts.push(`labels ${JSON.stringify(g.labels)}`);
  return parts.join(' · ') || 'everything';
}

export function mount(main) {
  const body = h('div');
  fill(main, h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, 'Sync windows'),
    h('span', { class: 'muted' }, 'Outside an allow window, or inside a deny window, changes wait')), body);
  const update = () => render(body);
  refreshWindows(); // open and closed change with time: list them as they stand now
  update();
  return { update, destroy() {} };
}

function render(body) {
  if (!state.windows.length) {
    fill(body, h('p', { class: 'empty', id: 'no-windows' },
      'No sync windows: every change applies as soon as it is in Git. Teams add them as SyncWindow resources;'
      + ' the engine\'s configuration adds global ones (sextant.sync-windows).'));
    return;
  }
  const holding = new Map(heldByWindows().map((w) => [w.name, w.resources.length]));
  fill(body, h('div', { class: 'card' }, h('table', { class: 'table', id: 'windows' },
    h('thead', null, h('tr', null, ['Window', 'Type', 'Schedule', 'Now', 'Next opening', 'Governs', 'Manual sync', 'Holds']
      .map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, state.windows.map((w) => h('tr', { dataset: { window: w.name } },
      h('td', null, w.name, h('div', { class: 'muted small' }, w.origin === 'config' ? 'engine configuration' : `Git · ${w.source}`)),
      h('td', null, w.type),
      h('td', null, `${w.schedule} (${w.timeZone}) for ${w.duration.replace(/^PT/, '').toLowerCase()}`),
      h('td', null, w.open ? `open until ${w.openUntil}` : 'closed'),
      h('td', null, w.nextStart ? `${w.nextStart} to ${w.nextEnd}` : '—'),
      h('td', null, governs(w)),
      h('td', null, w.manualSync ? 'allowed' : 'no'),
      h('td', null, holding.has(w.name) ? `${holding.get(w.name)} held` : '—')))))));
}
