// Source cards: branch, last fetched, synced and newest seen commit (and why it is not applied), errors
// with file and line.
import { h, fill, external } from '../dom.js';
import { state, linksFor, refreshSources } from '../store.js';
import { ago, badge, commitLine, retryText } from '../format.js';
import { suspendedBadge, suspendedText, suspendButton } from '../suspend.js';

export function renderSources(container) {
  if (!state.sources.length) {
    fill(container, h('div', { class: 'card empty' }, 'No sources configured.'));
    return;
  }
  fill(container, state.sources.map(card));
}

function card(source) {
  const links = linksFor(source.name);
  const errors = source.errors || [];
  const fetched = source.lastFetchedCommit;
  const synced = source.lastSyncedCommit;
  // The newest commit a run worked on, when something keeps it from being fully applied.
  const notApplied = source.notAppliedReason && source.lastSeenCommit;
  const pending = fetched && synced && fetched.id !== synced.id
    && !(notApplied && fetched.id === source.lastSeenCommit.id);
  return h('article', { class: 'card card-pad source', dataset: { source: source.name } },
    h('div', { class: 'source-head' },
      h('h3', null, links && links.web ? external(links.web, source.name) : source.name),
      h('span', { class: 'badge', title: 'branch' }, h('span', { class: 'badge-icon', 'aria-hidden': 'true' }, '⎇'), source.branch),
      source.reconciling ? badge('Running') : null,
      errors.length ? h('span', { class: 'badge tone-bad' }, `${errors.length} error${errors.length > 1 ? 's' : ''}`) : null,
      suspendedBadge(source),
      suspendButton({ kind: 'source', path: `/api/v1/sources/${encodeURIComponent(source.name)}`, label: `source ${source.name}`, item: source }, refreshSources)),
    source.suspended ? h('p', { class: 'notice notice-warn suspended-notice' }, suspendedText({ ...source, suspendedWith: null })) : null,
    h('div', { class: 'source-url' }, source.url, source.paths && source.paths.length ? ` · ${source.paths.join(', ')}` : ''),
    h('dl', { class: 'kv' },
      h('dt', null, 'Last synced'), h('dd', { class: 'synced-commit' }, commitLine(links, synced)),
      notApplied ? h('dt', null, 'Newest seen') : null,
      notApplied ? h('dd', { class: 'seen-commit' }, commitLine(links, source.lastSeenCommit),
        h('span', { class: 'badge tone-bad not-applied' }, `not applied: ${source.notAppliedReason}`)) : null,
      h('dt', null, 'Last fetched'), h('dd', { class: 'fetched-commit' },
        pending ? commitLine(links, fetched) : fetched ? h('span', { class: 'muted' }, 'same commit') : h('span', { class: 'muted' }, 'none yet'),
        pending ? h('span', { class: 'badge tone-info' }, 'not synced yet') : null),
      h('dt', null, 'Checked'), h('dd', null, ago(source.lastCheckedAt),
        source.lastReconciledAt ? h('span', { class: 'muted' }, ' · reconciled ', ago(source.lastReconciledAt)) : null),
      source.gitFailure ? h('dt', null, 'Git') : null,
      source.gitFailure ? h('dd', { class: 'git-failure' }, h('span', { class: 'badge tone-bad' }, 'failing'),
        ' since ', ago(source.gitFailure.since),
        h('span', { class: 'muted' }, ` · ${retryText(source.gitFailure.attempts, source.gitFailure.nextAttemptAt)}`,
          ' · keeping the last good state')) : null),
    errors.length ? h('ul', { class: 'errors', 'aria-label': `Errors of ${source.name}` },
      errors.map((e) => h('li', null, errorText(e)))) : null);
}

/** "file:line: message"; the engine's message usually starts with file:line already. */
function errorText(e) {
  if (!e.path) return e.message;
  const where = e.line ? `${e.path}:${e.line}` : e.path;
  return e.message && e.message.startsWith(e.path) ? e.message : `${where}: ${e.message}`;
}
