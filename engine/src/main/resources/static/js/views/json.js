// Pretty JSON with the lines under changed paths (JSON Pointers) marked, built as text nodes.
import { h } from '../dom.js';

export function jsonBlock(value, changedPaths, label) {
  const lines = [];
  const marked = (pointer) => [...changedPaths].some((p) => pointer === p || pointer.startsWith(`${p}/`));
  const emit = (indent, pointer, key, node, comma) => {
    const pad = '  '.repeat(indent);
    const keyPart = key == null ? [] : [h('span', { class: 'k' }, JSON.stringify(key)), ': '];
    const cls = `line${pointer && marked(pointer) ? ' changed' : ''}`;
    if (node !== null && typeof node === 'object') {
      const entries = Array.isArray(node) ? node.map((v, i) => [i, v]) : Object.entries(node);
      const [open, close] = Array.isArray(node) ? ['[', ']'] : ['{', '}'];
      if (!entries.length) {
        lines.push(h('span', { class: cls }, pad, keyPart, open + close + comma, '\n'));
        return;
      }
      lines.push(h('span', { class: cls }, pad, keyPart, open, '\n'));
      entries.forEach(([k, v], i) => emit(indent + 1, `${pointer}/${escape(k)}`, Array.isArray(node) ? null : k, v,
        i < entries.length - 1 ? ',' : ''));
      lines.push(h('span', { class: cls }, pad, close + comma, '\n'));
      return;
    }
    const type = typeof node === 'string' ? 's' : typeof node === 'number' ? 'n' : 'b';
    lines.push(h('span', { class: cls }, pad, keyPart, h('span', { class: type }, JSON.stringify(node)), comma, '\n'));
  };
  if (value === null || value === undefined) return h('p', { class: 'empty' }, label);
  emit(0, '', null, value, '');
  return h('pre', { class: 'json', tabindex: '0' }, lines);
}

function escape(key) {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}
