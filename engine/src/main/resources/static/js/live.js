// The server-sent event stream, read with fetch rather than EventSource so that it can carry the
// tab's bearer token when the engine requires one for reads. Reconnects with backoff; a watchdog
// notices a silent connection (no heartbeat); every (re)connect reloads the data, because events
// sent while the page was away are lost.
import { receive, loadAll } from './store.js';
import { authHeaders } from './auth.js';

export function connect(indicator) {
  let failures = 0;
  let controller = null;
  let retryTimer = null;

  const show = (state, text) => {
    indicator.dataset.state = state;
    indicator.querySelector('.conn-text').textContent = text;
    indicator.title = state === 'live' ? 'Receiving live updates from the engine' : text;
  };

  const retry = (seconds) => {
    failures += 1;
    const delay = seconds || Math.min(30, 2 ** Math.min(failures, 5));
    show(failures > 3 ? 'offline' : 'reconnecting', `Reconnecting in ${delay} s…`);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(open, delay * 1000);
  };

  const open = async () => {
    clearTimeout(retryTimer);
    if (controller) controller.abort();
    controller = new AbortController();
    const mine = controller;
    let watchdog = null;
    const feed = (seconds) => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => mine.abort(), (seconds * 2.5 + 5) * 1000);
    };
    try {
      const response = await fetch('/api/v1/events', {
        headers: { Accept: 'text/event-stream', ...authHeaders() }, credentials: 'same-origin', cache: 'no-store', signal: mine.signal,
      });
      if (response.status === 401) {
        show('offline', 'Token needed');
        return; // tried again when a token is entered
      }
      if (!response.ok || !response.body) {
        retry(Number(response.headers.get('Retry-After')) || 0);
        return;
      }
      let heartbeat = 15;
      feed(heartbeat);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        feed(heartbeat);
        buffer += value.replace(/\r\n?/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (!message) continue;
          if (message.name === 'hello') {
            heartbeat = message.data.heartbeatSeconds || heartbeat;
            failures = 0;
            indicator.dataset.connects = String(Number(indicator.dataset.connects || 0) + 1);
            show('live', 'Live');
            loadAll();
          } else {
            receive(message.name, message.data);
          }
        }
      }
      retry(1); // the server ended the stream (timeout, restart): come back at once
    } catch (e) {
      if (mine === controller) retry(0);
    } finally {
      clearTimeout(watchdog);
    }
  };

  window.addEventListener('sextant:token', open);
  window.addEventListener('online', () => { if (indicator.dataset.state !== 'live') open(); });
  open();
}

/** One event block: "event:" and "data:" lines; comment lines (heartbeats) carry nothing. */
function parse(block) {
  let name = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') name = value;
    else if (field === 'data') data.push(value);
  }
  if (!data.length) return null;
  try {
    return { name, data: JSON.parse(data.join('\n')) };
  } catch (ignored) {
    return null;
  }
}
