// The fleet page: status tiles, sources, GPU usage and the resource table.
import { h, fill } from '../dom.js';
import { state, loadAll, countOf } from '../store.js';
import { renderSources } from './sources.js';
import { renderGpus } from './gpus.js';
import { createTable } from './table.js';
import { toneOf } from '../format.js';

export function mount(main, query) {
  const tiles = h('div', { class: 'tiles', id: 'summary' });
  const sources = h('div', { class: 'stack', id: 'sources' });
  const gpus = h('div', { class: 'card card-pad', id: 'gpus' });
  const notice = h('div');
  const table = createTable(query);
  const body = h('div', null,
    notice, tiles,
    h('div', { class: 'grid-2 section' },
      h('section', { 'aria-labelledby': 'sources-title' }, h('h2', { id: 'sources-title' }, 'Sources'), sources),
      h('section', { 'aria-labelledby': 'gpus-title' }, h('h2', { id: 'gpus-title' }, 'GPU usage'), gpus)),
    h('section', { class: 'section', 'aria-labelledby': 'resources-title' },
      h('h2', { id: 'resources-title' }, 'Resources'), table.el));
  const status = h('div');
  fill(main, h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, 'Fleet'),
    h('span', { class: 'muted' }, 'Desired state from Git, live state from the backends')), status, body);

  const update = (reasons) => {
    if (!state.loaded) {
      body.hidden = true;
      const locked = state.error && state.error.status === 401;
      fill(status, state.error
        ? h('div', { class: 'notice notice-bad', role: 'alert' }, `Cannot load the fleet: ${state.error.message}. `,
          locked ? h('button', { class: 'btn', type: 'button', id: 'enter-token',
            onclick: () => window.dispatchEvent(new CustomEvent('sextant:unauthorized')) }, 'Enter token')
            : h('button', { class: 'btn', type: 'button', onclick: () => loadAll() }, 'Try again'))
        : h('p', { class: 'loading' }, 'Loading the fleet…'));
      return;
    }
    fill(status);
    body.hidden = false;
    fill(notice, state.error ? h('div', { class: 'notice notice-warn', role: 'status' },
      `The engine did not answer the last refresh (${state.error.message}); showing the last known state.`) : null);
    renderTiles(tiles, table);
    if (!reasons || reasons.has('all') || reasons.has('sources')) {
      renderSources(sources);
      renderGpus(gpus);
    }
    table.update();
  };
  update(null);
  // The sources' Suspend and Resume buttons depend on what this tab's token may do.
  const rights = () => { if (state.loaded) renderSources(sources); };
  window.addEventListener('sextant:rights', rights);
  return { update, destroy() { window.removeEventListener('sextant:rights', rights); } };
}

function count(field) {
  const counts = {};
  for (const r of state.resources.values()) counts[r[field]] = (counts[r[field]] || 0) + 1;
  return counts;
}

function renderTiles(tiles, table) {
  const total = state.resources.size;
  const sync = count('sync');
  const health = count('health');
  const operation = count('operation');
  const kinds = count('kind');
  const chips = (counts, field, skip) => Object.entries(counts).filter(([k, n]) => k !== skip && n > 0)
    .map(([k, n]) => h('button', { class: `chip tone-${toneOf(k)}`, type: 'button', title: `Show the ${k} resources`,
      onclick: () => {
        table.setFilter('status', `${field}:${k}`);
        table.el.scrollIntoView({ block: 'start' });
      } }, `${n} ${k}`));
  let used = 0;
  let capacity = 0;
  for (const b of state.backends) for (const g of b.gpus || []) { used += g.used; capacity += g.total; }
  const problems = (operation.Failed || 0) + (operation.Blocked || 0);
  const quiet = (text) => h('span', { class: 'muted' }, text);
  const or = (list, text) => (list.length ? list : quiet(text));
  const known = state.backends.filter((b) => b.capacityKnown).length;
  fill(tiles,
    tile('Resources', total, quiet(Object.entries(kinds).map(([k, n]) => countOf(k, n)).join(' · ') || 'none yet')),
    tile('Synced', `${sync.Synced || 0} / ${total}`, or(chips(sync, 'sync', 'Synced'), 'live state matches Git')),
    tile('Healthy', `${health.Healthy || 0} / ${total}`, or(chips(health, 'health', 'Healthy'), 'every model serving')),
    tile('Failed or blocked', problems, or(chips(operation, 'operation', 'Succeeded')
      .filter((c) => /Failed|Blocked/.test(c.textContent)), 'nothing waits for a human')),
    tile('GPUs in use', capacity ? `${used} / ${capacity}` : '—',
      quiet(capacity ? `on ${known} backend${known > 1 ? 's' : ''} reporting capacity` : 'capacity unknown')));
}

function tile(label, value, sub) {
  return h('div', { class: 'card tile' }, h('div', { class: 'tile-label' }, label),
    h('div', { class: 'tile-value' }, String(value)), h('div', { class: 'tile-sub' }, sub));
}
