// The rollout of one resource on its page: strategy, phase, the step list, traffic weights, revisions,
// rollback state, and each analysis with a chart per metric. While it runs it polls its own API every 2 s
// (the weight and measurements change without a resource or audit event to say so); audit events for the
// resource (promoted, aborted, started) reload it at once. Promote / Abort / Rollback are offered only to
// callers who may (operator or admin of the namespace, per /api/v1/access); the engine checks again.
import { h, fill, external } from './dom.js';
import { getJson, request } from './api.js';
import { onLive, linksFor } from './store.js';
import { ago, commitId, keyOf } from './format.js';
import { mayOperate } from './suspend.js';
import { toast } from './sync.js';
import { metricChart } from './chart.js';

const POLL_MS = 2000;
const LIVE = new Set(['RUNNING', 'PAUSED']);

const pathOf = (kind, namespace, name) => [kind, namespace, name].map(encodeURIComponent).join('/');

/** Mounts the rollout section into {@code container}; returns a function that stops its updates. */
export function mountRollout(container, kind, namespace, name) {
  let timer = null;
  let stopped = false;
  let detail = null;
  const ui = { refusal: null }; // the engine's last refusal, kept across the re-renders of the poll
  const load = async () => {
    clearTimeout(timer);
    try {
      // Most resources never had a rollout: ask the list (always 200) before the detail, so that a plain
      // resource's page does not log a 404 in the console.
      const { items } = await getJson('/api/v1/rollouts');
      if (!items.some((i) => i.kind === kind && i.namespace === namespace && i.name === name)) {
        detail = null;
        fill(container, null);
        return;
      }
      detail = await getJson(`/api/v1/rollouts/${pathOf(kind, namespace, name)}`);
      fill(container, render(detail, load, ui));
      if (LIVE.has(detail.rollout.phase) && !stopped) timer = setTimeout(load, POLL_MS);
    } catch (e) {
      fill(container, e.status === 404 ? null
        : h('div', { class: 'notice notice-bad' }, `Cannot load the rollout: ${e.message}`));
    }
  };
  load();
  const key = `${kind}/${namespace}/${name}`;
  const offs = [
    onLive('audit', (event) => { if (keyOf(event.resource || event) === key) load(); }),
    onLive('resync', load),
  ];
  const redraw = () => { if (detail) fill(container, render(detail, load, ui)); };
  window.addEventListener('sextant:rights', redraw);
  return () => {
    stopped = true;
    clearTimeout(timer);
    offs.forEach((off) => off());
    window.removeEventListener('sextant:rights', redraw);
  };
}

function render({ rollout: r, analyses }, reload, ui) {
  const links = linksFor(r.source);
  const steps = r.stepList || [];
  const done = r.phase === 'PROMOTED' || r.phase === 'ABORTED';
  return h('section', { class: 'section', id: 'rollout', dataset: { phase: r.phase }, 'aria-labelledby': 'rollout-title' },
    h('div', { class: 'page-head' }, h('h2', { id: 'rollout-title' }, 'Rollout'),
      h('div', { class: 'rollout-actions' }, actions(r, reload, ui))),
    ui.refusal ? h('div', { class: 'notice notice-bad', id: 'rollout-refusal', role: 'alert' }, ui.refusal) : null,
    h('div', { class: 'card card-pad' },
      h('dl', { class: 'kv' },
        h('dt', null, 'Strategy'), h('dd', null, r.strategy),
        h('dt', null, 'Phase'), h('dd', { id: 'rollout-phase' }, h('span', { class: `badge tone-${tone(r.phase)}` }, r.phase)),
        h('dt', null, 'Step'), h('dd', { id: 'rollout-step' }, r.steps ? `${r.step}/${r.steps}` : `${r.step}`),
        h('dt', null, 'Traffic'), h('dd', null, weights(r.canaryWeight)),
        h('dt', null, 'Stable'), h('dd', null, commitId(links, r.stableRevision)),
        h('dt', null, 'Canary'), h('dd', null, commitId(links, r.canaryRevision)),
        h('dt', null, 'Started'), h('dd', null, ago(r.startedAt)),
        r.message ? [h('dt', null, 'Message'), h('dd', { id: 'rollout-message' }, r.message)] : null,
        r.rollback ? [h('dt', null, 'Rollback'), h('dd', { id: 'rollout-rollback' }, rollbackText(r.rollback))] : null),
      steps.length ? h('ol', { class: 'rollout-steps', id: 'rollout-steps' }, steps.map((s, i) => {
        const current = !done && i === r.step - 1;
        return h('li', { class: current ? 'current' : i < r.step - 1 || r.phase === 'PROMOTED' ? 'past' : null,
          'aria-current': current ? 'step' : null }, s);
      })) : null),
    analyses.length ? h('div', { class: 'analyses', id: 'rollout-analyses' }, analyses.map(analysis)) : null);
}

function weights(canary) {
  return h('div', { class: 'weights', id: 'rollout-weights', role: 'img',
    'aria-label': `stable ${100 - canary}%, canary ${canary}%` },
  h('div', { class: 'weight-bar' },
    h('span', { class: 'weight-stable', style: { width: `${100 - canary}%` } }),
    h('span', { class: 'weight-canary', style: { width: `${canary}%` } })),
  h('span', { class: 'weight-text' }, `stable ${100 - canary}% · canary ${canary}%`));
}

function analysis(run) {
  const byMetric = new Map();
  for (const m of run.measurements) {
    if (!byMetric.has(m.metric)) byMetric.set(m.metric, []);
    byMetric.get(m.metric).push(m);
  }
  return h('article', { class: 'card card-pad analysis', dataset: { analysis: run.id, phase: run.phase } },
    h('div', { class: 'pane-head' }, h('h3', null, `Analysis ${run.id.slice(0, 8)}`),
      h('span', { class: `badge tone-${tone(run.phase)}` }, run.phase)),
    run.message ? h('p', { class: 'muted' }, run.message) : null,
    byMetric.size ? h('div', { class: 'charts' }, [...byMetric].map(([metric, ms]) => h('figure', { class: 'metric' },
      metricChart(metric, ms),
      h('figcaption', null, `${metric} · ${ms[ms.length - 1].condition} · `,
        h('span', { class: 'legend canary' }, 'canary'), ' ', h('span', { class: 'legend stable' }, 'stable'), ' ',
        h('span', { class: 'legend threshold' }, 'threshold')))))
      : h('p', { class: 'empty' }, 'No measurement yet.'));
}

function rollbackText(rb) {
  const text = `${rb.state}${rb.attempts ? ` after ${rb.attempts} failed attempts` : ''}${rb.error ? `: ${rb.error}` : ''}`;
  return rb.url ? external(rb.url, text, ' (pull request)') : text;
}

function tone(phase) {
  return { RUNNING: 'info', SUCCESSFUL: 'ok', PROMOTED: 'ok', PAUSED: 'warn', INCONCLUSIVE: 'warn',
    ABORTED: 'bad', FAILED: 'bad', ERROR: 'bad' }[phase] || 'neutral';
}

/** Promote and Abort while it runs; Rollback once aborted without one. Only for who may. */
function actions(r, reload, ui) {
  if (!mayOperate(r)) return null;
  const base = `/api/v1/rollouts/${pathOf(r.kind, r.namespace, r.name)}`;
  const label = `${r.kind} ${r.namespace}/${r.name}`;
  const buttons = [];
  if (LIVE.has(r.phase)) {
    buttons.push(button('Promote', 'promote-button', `Promote ${label}: all traffic to the canary and skip the remaining steps?`,
      `${base}/promote`, reload, ui, 'btn-primary'));
    buttons.push(button('Abort', 'abort-button', `Abort ${label}: all traffic back to stable and drop the canary?`,
      `${base}/abort`, reload, ui));
  } else if (r.phase === 'ABORTED' && !r.rollback) {
    buttons.push(button('Rollback', 'rollback-button', `Roll ${label} back through Git: revert the canary's commit?`,
      `/api/v1/resources/${pathOf(r.kind, r.namespace, r.name)}/rollback`, reload, ui));
  }
  return buttons;
}

function button(text, cls, question, path, reload, ui, extra = '') {
  const b = h('button', { class: `btn ${extra} ${cls}`, type: 'button' }, text);
  b.addEventListener('click', async () => {
    if (!window.confirm(question)) return;
    b.disabled = true;
    try {
      await request(path, { method: 'POST', headers: { 'Content-Type': 'application/json' } });
      ui.refusal = null;
      toast(`${text}: done.`);
    } catch (e) {
      // The engine's problem detail, as it said it (e.g. 409: the rollout is no longer running).
      ui.refusal = `${text} refused: ${e.message}`;
      toast(ui.refusal, 'bad');
    } finally {
      b.disabled = false;
      reload();
    }
  });
  return b;
}
