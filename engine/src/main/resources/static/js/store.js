// What the page knows of the engine, kept current by the event stream. Views subscribe to changes;
// notifications are coalesced so a burst of events renders once.
import { getJson } from './api.js';
import { keyOf } from './format.js';

export const state = {
  resources: new Map(), // "Kind/namespace/name" -> resource item
  sources: [],
  backends: [],
  kinds: new Map(), // kind name -> its definition as GET /api/v1/kinds shows it (nouns, columns)
  links: new Map(), // source name -> {web, commitPrefix, pullRequestPrefix} or null
  notice: null, // set while the engine runs the embedded sample fleet
  orphans: { resources: 0, sources: [] }, // resources of sources no longer configured
  windows: [], // the sync windows in force, as GET /api/v1/windows lists those this reader may see
  orphanObjects: [], // objects Sextant made whose resource is no longer in Git (GET /api/v1/orphans)
  signedIn: null, // {subject, email} of a single sign-on session, or null
  loaded: false,
  error: null,
  changed: new Map(), // keys changed live since the table last showed them
};

const listeners = new Set();
const handlers = new Map(); // live event name -> Set of callbacks
let pending = new Set();
let timer = null;

export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Calls fn(data) for each live event of a name (audit, reconcile, ...); returns an unsubscribe. */
export function onLive(name, fn) {
  if (!handlers.has(name)) handlers.set(name, new Set());
  handlers.get(name).add(fn);
  return () => handlers.get(name).delete(fn);
}

function notify(reason) {
  pending.add(reason);
  if (timer) return;
  timer = setTimeout(() => {
    const reasons = pending;
    pending = new Set();
    timer = null;
    for (const listener of listeners) listener(reasons);
  }, 40);
}

/** How many resources of a kind, in its own words (its definition's nouns): "2 deployments". */
export function countOf(kind, n) {
  const k = state.kinds.get(kind);
  return `${n} ${k ? (n === 1 ? k.noun : k.nounPlural) : kind}`;
}

export function linksFor(source) {
  return state.links.get(source) || null;
}

let loading = null;
let queued = [];

/** Reloads everything; live events arriving meanwhile are applied after it, in order. */
export function loadAll() {
  if (loading) return loading;
  loading = Promise.all([
    getJson('/api/v1/resources'), getJson('/api/v1/sources'), getJson('/api/v1/backends'), getJson('/api/v1/overview'),
    getJson('/api/v1/kinds'), windowsOrNone(), orphanObjects(),
  ]).then(([resources, sources, backends, overview, kinds, windows, orphans]) => {
    state.windows = windows.items;
    state.orphanObjects = orphans;
    state.kinds = new Map(kinds.items.map((k) => [k.kind, k]));
    state.resources = new Map(resources.items.map((r) => [keyOf(r), r]));
    state.sources = sources.items;
    state.backends = backends.items;
    state.links = new Map(overview.sources.map((s) => [s.name, s.links]));
    state.notice = overview.notice || null;
    state.orphans = overview.orphans || { resources: 0, sources: [] };
    state.signedIn = overview.signedIn || null;
    state.loaded = true;
    state.error = null;
  }).catch((e) => {
    state.error = e;
  }).finally(() => {
    loading = null;
    const replay = queued;
    queued = [];
    replay.forEach(([name, data]) => apply(name, data));
    notify('all');
  });
  return loading;
}

/** The windows list; an engine that does not answer it (older, or refusing this reader) shows none. */
function windowsOrNone() {
  return getJson('/api/v1/windows').catch(() => ({ items: [] }));
}

let windowsTimer = null;

/** Windows come and go with commits and open and close with time: refetched when a page shows them stale. */
export function refreshWindows() {
  if (windowsTimer) return;
  windowsTimer = setTimeout(async () => {
    state.windows = (await windowsOrNone()).items;
    windowsTimer = null;
    notify('windows');
  }, 150);
}

/**
 * The sync windows holding changes now, from the resources' own messages ("held by sync window
 * search/freeze until 2026-12-04T08:00+01:00"): [{ name, until, resources, window }], window from the list.
 */
export function heldByWindows() {
  const held = new Map();
  for (const r of state.resources.values()) {
    const m = r.operation === 'Blocked' && /^held by sync window (\S+)(?: until (\S+)| \((.*)\))$/.exec(r.message || '');
    if (!m) continue;
    if (!held.has(m[1])) {
      held.set(m[1], { name: m[1], until: m[2] || null, why: m[3] || null, resources: [],
        window: state.windows.find((w) => w.name === m[1]) || null });
    }
    held.get(m[1]).resources.push(r);
  }
  return [...held.values()];
}

/** The orphan list; an engine that cannot list them (an older one, say) shows none rather than no page. */
function orphanObjects() {
  return getJson('/api/v1/orphans').then((o) => o.items, () => []);
}

let refreshTimer = null;

/** Refetches the sources now (after a suspend or resume of one). */
export function refreshSources() {
  refreshSourcesSoon();
}

/** Sources and GPU usage change with every reconcile; refetch them once per burst. */
function refreshSourcesSoon() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(async () => {
    try {
      const [sources, backends, orphans] = await Promise.all([getJson('/api/v1/sources'), getJson('/api/v1/backends'),
        orphanObjects()]);
      state.sources = sources.items;
      state.backends = backends.items;
      state.orphanObjects = orphans;
      notify('sources');
    } catch (e) { /* the connection indicator shows trouble; the next event retries */ }
  }, 150);
}

/** Handles one message of the event stream. */
export function receive(name, data) {
  if (loading) {
    queued.push([name, data]);
    return;
  }
  apply(name, data);
}

function apply(name, data) {
  if (name === 'resource') {
    const key = keyOf(data);
    state.resources.set(key, data);
    state.changed.set(key, Date.now());
    notify('resources');
    refreshSourcesSoon();
  } else if (name === 'resource-removed') {
    state.resources.delete(keyOf(data));
    notify('resources');
  } else if (name === 'reconcile') {
    // A commit moves the desired revision of every resource of its source at once: one message, not one per resource.
    if (data.commit) {
      let moved = false;
      for (const [key, r] of state.resources) {
        if (r.source === data.source && r.desiredRevision !== data.commit.id) {
          state.resources.set(key, { ...r, desiredRevision: data.commit.id });
          moved = true;
        }
      }
      if (moved) notify('resources'); // redraw only for a new commit, not for every drift scan or poll
    }
    refreshSourcesSoon();
  } else if (name === 'resync') {
    loadAll();
  }
  for (const fn of handlers.get(name) || []) fn(data);
}
