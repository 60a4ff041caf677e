// A small inline SVG chart of one analysis metric: canary against stable over time, the condition's
// threshold, failed measurements marked. Hand-written (no library, no CDN); every value becomes an attribute
// or text node, never markup.
const NS = 'http://www.w3.org/2000/svg';
const W = 320;
const H = 110;
const PAD = { left: 44, right: 8, top: 8, bottom: 18 };

function el(tag, attrs, ...children) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v != null) e.setAttribute(k, String(v));
  for (const c of children) if (c != null) e.append(c);
  return e;
}

const UNITS = { ms: 1e-3, us: 1e-6, 'µs': 1e-6, s: 1, m: 60, '%': 1e-2, x: 1, '': 1 };

/**
 * The threshold a condition draws for a measurement, as the engine's Condition judges it: a number
 * ("p95 ttft < 500ms" is 0.5), or the stable value combined ("stable + 0.5%", "stable * 1.2"); null when
 * the condition does not read or a relative one has no stable value.
 */
export function threshold(condition, stable) {
  const shape = /^\s*(.*?)\s*(<=|>=|<|>)\s*(.+?)\s*$/.exec(condition || '');
  if (!shape) return null;
  const right = shape[3];
  const rel = /^stable(?:\s*([-+*])\s*(.+))?$/.exec(right);
  const quantity = (text) => {
    const q = /^([0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)\s*(ms|us|µs|s|m|%|x)?$/.exec(text.trim());
    return q ? Number(q[1]) * UNITS[(q[2] || '').toLowerCase()] : null;
  };
  if (!rel) return quantity(right);
  if (stable == null) return null;
  if (!rel[1]) return stable;
  const amount = quantity(rel[2]);
  if (amount == null) return null;
  return rel[1] === '+' ? stable + amount : rel[1] === '-' ? stable - amount : stable * amount;
}

/** "0.512" as "512ms" when the condition speaks of time, else a short number. */
function label(v) {
  if (Math.abs(v) >= 1000 || (v !== 0 && Math.abs(v) < 0.01)) return v.toExponential(1);
  return String(Math.round(v * 1000) / 1000);
}

/** The chart of one metric's measurements (oldest first), with a text alternative for screen readers. */
export function metricChart(metric, measurements) {
  const points = measurements.map((m) => ({ ...m, limit: threshold(m.condition, m.stable) }));
  const values = points.flatMap((p) => [p.canary, p.stable, p.limit]).filter((v) => v != null && Number.isFinite(v));
  const lo = Math.min(0, ...values);
  const hi = values.length ? Math.max(...values) * 1.1 || 1 : 1;
  const times = points.map((p) => Date.parse(p.time));
  const t0 = Math.min(...times);
  const span = Math.max(1, Math.max(...times) - t0);
  const x = (t) => PAD.left + ((t - t0) / span) * (W - PAD.left - PAD.right) * (points.length > 1 ? 1 : 0.5)
    + (points.length > 1 ? 0 : (W - PAD.left - PAD.right) / 2);
  const y = (v) => H - PAD.bottom - ((v - lo) / (hi - lo)) * (H - PAD.top - PAD.bottom);
  const line = (key, cls) => {
    const pts = points.filter((p) => p[key] != null).map((p) => `${x(Date.parse(p.time)).toFixed(1)},${y(p[key]).toFixed(1)}`);
    return pts.length ? el('polyline', { class: `series ${cls}`, points: pts.join(' '), fill: 'none' }) : null;
  };
  const failed = points.filter((p) => p.verdict === 'FAILED').length;
  const summary = `${metric}: ${points.length} measurement${points.length === 1 ? '' : 's'}, ${failed} failed;`
    + ` condition ${points.length ? points[points.length - 1].condition : ''}`;
  return el('svg', { class: 'metric-chart', viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img',
    'aria-label': summary, 'data-metric': metric },
  el('title', null, summary),
  el('line', { class: 'axis', x1: PAD.left, y1: H - PAD.bottom, x2: W - PAD.right, y2: H - PAD.bottom }),
  el('text', { class: 'tick', x: PAD.left - 4, y: PAD.top + 8, 'text-anchor': 'end' }, label(hi)),
  el('text', { class: 'tick', x: PAD.left - 4, y: H - PAD.bottom, 'text-anchor': 'end' }, label(lo)),
  line('limit', 'threshold'), line('stable', 'stable'), line('canary', 'canary'),
  ...points.filter((p) => p.canary != null).map((p) => el('circle', {
    class: `point ${p.verdict === 'FAILED' ? 'failed' : p.verdict.toLowerCase()}`, r: p.verdict === 'FAILED' ? 4 : 2.5,
    cx: x(Date.parse(p.time)).toFixed(1), cy: y(p.canary).toFixed(1),
  }, el('title', null, `#${p.index} ${new Date(p.time).toLocaleTimeString()}: ${p.verdict} — ${p.message}`))));
}
