import { h, badge, card, table, when } from '../dom.js';
import { api, enc } from '../api.js';

export async function audit({ query }) {
  const actor = query.get('actor') || '';
  const action = query.get('action') || '';
  const [page, verify] = await Promise.all([api(`/v1/audit?limit=500${actor ? `&actor=${enc(actor)}` : ''}`), api('/v1/audit/verify')]);
  const entries = (page.entries || []).filter((e) => !action || (e.action || '').includes(action)).reverse();
  const actorIn = h('input', { id: 'audit-actor', placeholder: 'actor', value: actor });
  const actionIn = h('input', { id: 'audit-action', placeholder: 'action contains', value: action });
  const apply = (ev) => { ev.preventDefault(); location.hash = `#/audit?actor=${enc(actorIn.value.trim())}&action=${enc(actionIn.value.trim())}`; };
  return [
    h('div', { class: 'page-head' }, h('h1', null, 'Audit log'),
      h('div', { class: 'verify', id: 'audit-verify' }, badge(verify.intact ? 'chain intact' : 'chain broken', verify.intact ? 'ok' : 'bad'),
        h('span', { class: 'small muted' }, verify.intact ? `${verify.rowsChecked} entries verified · head ${String(verify.headHash || '').slice(0, 12)}` : `first bad entry ${verify.firstBadId}: ${verify.problem}`))),
    h('form', { class: 'filters', onsubmit: apply }, actorIn, actionIn, h('button', { type: 'submit' }, 'Filter'),
      h('span', { class: 'small muted' }, `${entries.length} entries shown, newest first`)),
    table(['#', 'When', 'Actor', 'Action', 'Target', 'Outcome', 'Detail'], entries.map((e) => h('tr', null,
      h('td', { class: 'small muted' }, e.id), h('td', { class: 'small' }, when(e.at)), h('td', null, e.actor), h('td', { class: 'mono' }, e.action),
      h('td', { class: 'small' }, e.target || ''), h('td', null, badge(e.outcome, /^2|ok|success/i.test(String(e.outcome)) ? 'ok' : /^4|^5|denied|fail/i.test(String(e.outcome)) ? 'bad' : '')),
      h('td', { class: 'small muted' }, e.detail || ''))), { class: 'audit', empty: 'no entries' }),
  ];
}
