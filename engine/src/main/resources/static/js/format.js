// Presentation helpers shared by the views: times, commits, status badges.
import { h, external } from './dom.js';

const TONES = {
  Synced: ['ok', '✓'], OutOfSync: ['warn', '≠'], Healthy: ['ok', '✓'], Progressing: ['info', '↻'],
  Degraded: ['bad', '✕'], Missing: ['bad', '∅'], Unknown: ['neutral', '?'], Succeeded: ['ok', '✓'],
  Failed: ['bad', '✕'], Blocked: ['bad', '⊘'], Running: ['info', '↻'], None: ['neutral', '–'],
  succeeded: ['ok', '✓'], failed: ['bad', '✕'], blocked: ['bad', '⊘'],
  create: ['ok', '+'], update: ['info', '~'], delete: ['neutral', '−'],
  'drift-detected': ['warn', '≠'], 'drift-corrected': ['ok', '↺'],
};

/** The colour family of a status: ok, warn, bad, info or neutral. */
export function toneOf(status) {
  return (TONES[status] || ['neutral'])[0];
}

/** A status badge: a shape and the status text, so colour is never the only signal. */
export function badge(status, label) {
  const [tone, icon] = TONES[status] || ['neutral', '•'];
  return h('span', { class: `badge tone-${tone}`, dataset: { status: status || '' }, title: label ? `${label}: ${status}` : null },
    h('span', { class: 'badge-icon', 'aria-hidden': 'true' }, icon),
    status || '—');
}

export function shortId(id) {
  return id ? id.slice(0, 7) : '';
}

/** "3m ago"; the element refreshes itself through refreshTimes(). */
export function ago(iso) {
  if (!iso) return h('span', { class: 'muted' }, 'never');
  return h('time', { class: 'ago', datetime: iso, title: new Date(iso).toLocaleString() }, relative(iso));
}

export function relative(iso) {
  const seconds = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (seconds < 10) return 'just now';
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h ago`;
  return `${Math.floor(seconds / 86400)}d ago`;
}

/** "in 4m" for a time ahead, "due" once it has passed. */
export function until(iso) {
  const seconds = Math.round((new Date(iso).getTime() - Date.now()) / 1000);
  if (seconds <= 0) return 'due';
  if (seconds < 60) return `in ${seconds}s`;
  if (seconds < 3600) return `in ${Math.ceil(seconds / 60)}m`;
  return `in ${Math.round(seconds / 360) / 10}h`;
}

/** "3 attempts · next in 2m": a failure being retried with backoff. */
export function retryText(attempts, nextAttemptAt) {
  const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
  return nextAttemptAt ? `${tries} · next ${until(nextAttemptAt)}` : tries;
}

export function refreshTimes(root = document) {
  for (const el of root.querySelectorAll('time.ago')) el.textContent = relative(el.getAttribute('datetime'));
}

/** A short commit id, linked to the Git host when its address is known. */
export function commitId(links, id) {
  if (!id) return h('span', { class: 'muted' }, '—');
  const text = h('span', { class: 'commit-id', title: id }, shortId(id));
  return links && links.commitPrefix ? external(links.commitPrefix + id, text) : text;
}

/** Commit id, first message line and author, as a source card or event shows it. */
export function commitLine(links, commit) {
  if (!commit) return h('span', { class: 'muted' }, 'none yet');
  return h('span', { class: 'commit' }, commitId(links, commit.id),
    commit.message ? h('span', { class: 'commit-msg' }, commit.message) : null,
    commit.author ? h('span', { class: 'muted' }, `by ${authorName(commit.author)}`) : null);
}

export function pullRequest(links, number) {
  if (number == null) return null;
  const text = `PR #${number}`;
  return links && links.pullRequestPrefix ? external(links.pullRequestPrefix + number, text) : h('span', null, text);
}

/** "Ada Lovelace <ada@example.com>" → "Ada Lovelace". */
export function authorName(author) {
  return author ? author.replace(/\s*<[^>]*>\s*$/, '') : '';
}

export function keyOf(r) {
  return `${r.kind}/${r.namespace}/${r.name}`;
}

export function resourceHref(r) {
  return `#/resources/${[r.kind, r.namespace, r.name].map(encodeURIComponent).join('/')}`;
}

/** A JSON value shown compactly in a diff cell. */
export function jsonText(value) {
  if (value === undefined) return '—';
  return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ');
}

/** The value at a JSON Pointer (RFC 6901) in a document, or undefined. */
export function at(document, pointer) {
  let node = document;
  for (const raw of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = node[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}
