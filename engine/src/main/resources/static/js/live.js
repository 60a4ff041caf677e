// The server-sent event stream, with a connection indicator. EventSource reconnects by itself after a
// dropped connection; when the server refuses (503, engine down) it gives up, so we retry with backoff.
// Every (re)connect reloads the data, because events sent while we were away are lost.
import { receive, loadAll } from './store.js';

const NAMES = ['resource', 'resource-removed', 'audit', 'reconcile', 'resync'];

export function connect(indicator) {
  let source = null;
  let failures = 0;
  let retryTimer = null;

  const show = (stateName, text) => {
    indicator.dataset.state = stateName;
    indicator.querySelector('.conn-text').textContent = text;
    indicator.title = stateName === 'live' ? 'Receiving live updates from the engine' : text;
  };

  const open = () => {
    clearTimeout(retryTimer);
    source = new EventSource('/api/v1/events');
    source.addEventListener('hello', () => {
      failures = 0;
      show('live', 'Live');
      loadAll();
    });
    for (const name of NAMES) {
      source.addEventListener(name, (e) => {
        let data;
        try { data = JSON.parse(e.data); } catch (ignored) { return; }
        receive(name, data);
      });
    }
    source.onerror = () => {
      failures += 1;
      if (source.readyState === EventSource.CLOSED) {
        const delay = Math.min(30, 2 ** Math.min(failures, 5));
        show(failures > 3 ? 'offline' : 'reconnecting', `Reconnecting in ${delay} s…`);
        retryTimer = setTimeout(open, delay * 1000);
      } else {
        show(failures > 3 ? 'offline' : 'reconnecting', 'Reconnecting…');
      }
    };
  };

  open();
  window.addEventListener('online', () => {
    if (source && source.readyState === EventSource.CLOSED) open();
  });
}
