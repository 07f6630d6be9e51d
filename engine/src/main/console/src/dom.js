// A tiny DOM builder: text always goes in as text (never HTML), so data from the API cannot inject markup.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'class') el.className = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else el.setAttribute(k, v === true ? '' : v);
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export const link = (href, ...children) => h('a', { href }, ...children);

export function fmt(v, digits = 3) {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return String(v);
    return Math.abs(v) >= 1000 ? v.toFixed(0) : v.toFixed(digits);
  }
  return String(v);
}

// The API writes times as epoch seconds (with a fraction) or ISO text; MLflow as epoch milliseconds.
export function toDate(t) {
  if (t === null || t === undefined || t === '') return null;
  if (typeof t === 'number') return new Date(t < 1e11 ? t * 1000 : t);
  return new Date(/^\d+(\.\d+)?$/.test(t) ? Number(t) * 1000 : t);
}

export function when(t) {
  const d = toDate(t);
  if (!d) return '—';
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function duration(from, to) {
  if (!from) return '—';
  const ms = (to ? toDate(to) : new Date()) - toDate(from);
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
}

const STATUS_CLASS = {
  SUCCEEDED: 'ok', CACHED: 'ok', APPROVED: 'ok', FINISHED: 'ok', passed: 'ok', approve: 'ok', true: 'ok',
  FAILED: 'bad', REJECTED: 'bad', GATE_FAILED: 'bad', failed: 'bad', reject: 'bad', KILLED: 'bad',
  AWAITING_APPROVAL: 'wait', RUNNING: 'run', PENDING: 'run', CANDIDATE: 'wait',
};
export function badge(text, kind) {
  return h('span', { class: `badge ${kind || STATUS_CLASS[text] || ''}` }, text ?? '—');
}

export function table(headers, rows, opts = {}) {
  return h('table', { class: `grid ${opts.class || ''}` },
    h('thead', null, h('tr', null, headers.map((x) => h('th', null, x)))),
    h('tbody', null, rows.length ? rows : h('tr', null, h('td', { colspan: headers.length, class: 'muted' }, opts.empty || 'nothing yet'))));
}

export function card(title, ...body) {
  return h('section', { class: 'card' }, title ? h('h2', null, title) : null, ...body);
}

export function kv(pairs) {
  return h('dl', { class: 'kv' }, pairs.filter(Boolean).map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}

/**
 * Renders the current page again after {@code ms}, to show what an action changed, unless the
 * person has moved to another page meanwhile (that page is rendered already).
 */
export function refreshLater(ms) {
  const here = location.hash;
  setTimeout(() => { if (location.hash === here) window.dispatchEvent(new HashChangeEvent('hashchange')); }, ms);
}
