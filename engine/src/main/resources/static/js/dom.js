// Building DOM without innerHTML: every value becomes text, so API data can never inject markup.

/** h('a', {href, class}, child, ...) creates an element; null/false props and children are skipped. */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value == null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'style') for (const [p, v] of Object.entries(value)) el.style.setProperty(p, v);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'value') el.value = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  add(el, children);
  return el;
}

function add(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  add(el, children);
  return el;
}

/** Only https links leave the dashboard; anything else becomes plain text. */
export function external(url, ...children) {
  if (typeof url !== 'string' || !url.startsWith('https://')) return h('span', null, ...children);
  return h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, ...children);
}

/** A select with an "any" option; options are [value, label] pairs or strings. */
export function select(id, label, options, value, onchange) {
  const el = h('select', { id, onchange: (e) => onchange(e.target.value) },
    options.map((o) => {
      if (o.group) return h('optgroup', { label: o.group }, o.options.map((x) => option(x, value)));
      return option(o, value);
    }));
  return h('div', { class: 'filter' }, h('label', { for: id }, label), el);
}

function option(o, value) {
  const [v, text] = Array.isArray(o) ? o : [o, o];
  return h('option', { value: v, selected: v === value }, text);
}
