import { h, badge, table, when, toDate } from '../dom.js';
import { api, enc } from '../api.js';
import { errorBox } from '../main.js';

const PAGE = 1000;
const MAX_PAGES = 20;

// The audit log (admins only). The API filters by actor and pages oldest first by id; the page reads every page
// (up to 20,000 rows) and filters by action/target text and by time here, newest first.
export async function audit({ query }) {
  const actor = query.get('actor') || '';
  const action = query.get('action') || '';
  const from = query.get('from') || '';
  const to = query.get('to') || '';
  let all; let verify;
  try {
    [all, verify] = await Promise.all([entries(actor), api('/v1/audit/verify')]);
  } catch (e) {
    if (e.status !== 403) throw e;
    return [h('div', { class: 'page-head' }, h('h1', null, 'Audit log')),
      h('div', { id: 'audit-refused' }, errorBox(e),
        h('p', { class: 'muted' }, 'The audit log is open to admins only. Ask an admin for a grant of the admin role, or for an export of the rows you need.'))];
  }
  const t0 = from ? new Date(from) : null;
  const t1 = to ? new Date(to) : null;
  const needle = action.toLowerCase();
  const rows = all.rows.filter((e) => {
    if (needle && !`${e.action || ''} ${e.target || ''}`.toLowerCase().includes(needle)) return false;
    const at = toDate(e.at);
    return (!t0 || at >= t0) && (!t1 || at <= t1);
  }).reverse();
  const actorIn = h('input', { id: 'audit-actor', placeholder: 'actor (exact name)', value: actor, 'aria-label': 'actor' });
  const actionIn = h('input', { id: 'audit-action', placeholder: 'action or target contains', value: action, 'aria-label': 'action or target contains' });
  const fromIn = h('input', { id: 'audit-from', type: 'datetime-local', step: 1, value: from, 'aria-label': 'from' });
  const toIn = h('input', { id: 'audit-to', type: 'datetime-local', step: 1, value: to, 'aria-label': 'to' });
  const apply = (ev) => {
    ev.preventDefault();
    const q = [['actor', actorIn.value.trim()], ['action', actionIn.value.trim()], ['from', fromIn.value], ['to', toIn.value]]
      .filter(([, v]) => v).map(([k, v]) => `${k}=${enc(v)}`).join('&');
    location.hash = `#/audit${q ? `?${q}` : ''}`;
  };
  const applied = [actor && `actor is ${actor}`, action && `action or target contains “${action}”`, t0 && `from ${when(t0)}`, t1 && `to ${when(t1)}`].filter(Boolean);
  return [
    h('div', { class: 'page-head' }, h('h1', null, 'Audit log'),
      h('div', { class: 'verify', id: 'audit-verify' }, badge(verify.intact ? 'chain intact' : 'chain broken', verify.intact ? 'ok' : 'bad'),
        h('span', { class: 'small muted' }, verify.intact ? `${verify.rowsChecked} entries verified · head ${String(verify.headHash || '').slice(0, 12)}` : `first bad entry ${verify.firstBadId}: ${verify.problem}`))),
    h('form', { class: 'filters', id: 'audit-form', onsubmit: apply }, actorIn, actionIn,
      h('label', { class: 'inline small' }, 'from ', fromIn), h('label', { class: 'inline small' }, 'to ', toIn),
      h('button', { type: 'submit', id: 'audit-apply' }, 'Filter'),
      applied.length ? h('a', { href: '#/audit', id: 'audit-clear', class: 'small' }, 'clear filters') : null),
    h('p', { class: 'small muted', id: 'audit-filters' },
      `${rows.length} of ${all.rows.length} entries shown, newest first`, applied.length ? ` · filtered: ${applied.join(' · ')}` : ' · no filter',
      all.truncated ? ` · only the oldest ${all.rows.length} rows were read` : ''),
    table(['#', 'When', 'Actor', 'Action', 'Target', 'Outcome', 'Detail'], rows.map((e) => h('tr', null,
      h('td', { class: 'small muted' }, e.id), h('td', { class: 'small' }, when(e.at)), h('td', null, e.actor), h('td', { class: 'mono' }, e.action),
      h('td', { class: 'small' }, e.target || ''), h('td', null, badge(e.outcome, /^2|ok|success/i.test(String(e.outcome)) ? 'ok' : /^4|^5|denied|fail/i.test(String(e.outcome)) ? 'bad' : '')),
      h('td', { class: 'small muted' }, e.detail || ''))), { class: 'audit', empty: applied.length ? 'no entries match the filters' : 'no entries' }),
  ];
}

async function entries(actor) {
  const rows = [];
  let after = 0;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await api(`/v1/audit?limit=${PAGE}&after=${after}${actor ? `&actor=${enc(actor)}` : ''}`);
    rows.push(...(page.entries || []));
    if (page.next === null || page.next === undefined) return { rows, truncated: false };
    after = page.next;
  }
  return { rows, truncated: true };
}
