// The rollouts page: every resource's latest rollout this reader may see, running ones first, each linking
// to its resource page (where the steps, analyses and buttons are). Polls every 3 s while one runs.
import { h, fill } from '../dom.js';
import { getJson } from '../api.js';
import { onLive, linksFor } from '../store.js';
import { ago, commitId } from '../format.js';

const LIVE = new Set(['RUNNING', 'PAUSED']);

export function mount(main) {
  const body = h('div', null, h('p', { class: 'loading' }, 'Loading the rollouts…'));
  fill(main, h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, 'Rollouts'),
    h('span', { class: 'muted' }, 'Canary and blue-green rollouts, the latest per resource')), body);
  let timer = null;
  const load = async () => {
    clearTimeout(timer);
    try {
      const items = (await getJson('/api/v1/rollouts')).items;
      render(body, items);
      if (items.some((r) => LIVE.has(r.phase))) timer = setTimeout(load, 3000);
    } catch (e) {
      fill(body, h('div', { class: 'notice notice-bad', role: 'alert' }, `Cannot load the rollouts: ${e.message}`));
    }
  };
  load();
  const off = onLive('audit', (event) => { if (String(event.action || '').startsWith('rollout')) load(); });
  return { update() {}, destroy() { off(); clearTimeout(timer); } };
}

function render(body, items) {
  if (!items.length) {
    fill(body, h('p', { class: 'empty', id: 'no-rollouts' },
      'No rollouts yet. A ModelDeployment with spec.rollout rolls its next version out step by step.'));
    return;
  }
  const sorted = [...items].sort((a, b) => (LIVE.has(b.phase) - LIVE.has(a.phase)) || String(b.startedAt).localeCompare(a.startedAt));
  fill(body, h('div', { class: 'card' }, h('table', { class: 'table', id: 'rollouts' },
    h('thead', null, h('tr', null, ['Resource', 'Strategy', 'Phase', 'Step', 'Canary weight', 'Canary', 'Started', 'Message']
      .map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, sorted.map((r) => h('tr', { dataset: { key: `${r.kind}/${r.namespace}/${r.name}`, phase: r.phase } },
      h('td', null, h('a', { href: `#/resources/${[r.kind, r.namespace, r.name].map(encodeURIComponent).join('/')}` },
        `${r.namespace}/${r.name}`)),
      h('td', null, r.strategy), h('td', null, r.phase),
      h('td', null, r.steps ? `${r.step}/${r.steps}` : String(r.step)),
      h('td', null, `${r.canaryWeight}%`),
      h('td', null, commitId(linksFor(r.source), r.canaryRevision)),
      h('td', null, ago(r.startedAt)),
      h('td', { class: 'row-message' }, r.message)))))));
}
