// GPU usage per backend and GPU type: used / capacity bars, or "capacity unknown".
import { h, fill } from '../dom.js';
import { state } from '../store.js';

export function renderGpus(container) {
  if (!state.backends.length) {
    fill(container, h('p', { class: 'empty' }, 'No backends configured.'));
    return;
  }
  fill(container, state.backends.map(backend));
}

function backend(b) {
  return h('div', { class: 'backend', dataset: { backend: b.name } },
    h('div', { class: 'source-head' }, h('h3', null, b.name),
      h('span', { class: 'badge', title: 'backend type' }, b.type === 'sim' ? 'sim · simulated' : b.type)),
    b.error ? h('p', { class: 'notice notice-bad' }, b.error) : null,
    !b.capacityKnown && !b.error ? h('p', { class: 'muted gpu-unknown' }, 'capacity unknown: this backend does not report its GPUs') : null,
    b.capacityKnown && !b.gpus.length ? h('p', { class: 'muted' }, 'no GPUs') : null,
    (b.gpus || []).map(gpuRow));
}

function gpuRow(g) {
  const share = g.total ? g.used / g.total : 0;
  const level = share >= 1 ? 'full' : share >= 0.85 ? 'high' : 'ok';
  return h('div', { class: 'gpu-row', dataset: { gpu: g.type } },
    h('span', { class: 'gpu-type' }, g.type),
    h('div', { class: 'gpu-bar', role: 'meter', 'aria-label': `${g.type} GPUs used`, 'aria-valuemin': '0',
      'aria-valuemax': String(g.total), 'aria-valuenow': String(g.used), 'aria-valuetext': `${g.used} of ${g.total} used` },
    h('div', { class: 'gpu-fill', dataset: { level }, style: { width: `${Math.min(100, share * 100).toFixed(1)}%` } })),
    h('span', { class: 'gpu-count' }, `${g.used} / ${g.total}`));
}
