import { h, fmt, badge, table, card, when, kv, refreshLater } from '../dom.js';
import { api, enc, may } from '../api.js';
import { errorBox } from '../main.js';

export async function model({ params: [name], me }) {
  const n = enc(name);
  const [m, versions, runs, deployments, live, schedule] = await Promise.all([
    api(`/v1/models/${n}`), api(`/v1/models/${n}/versions`), api(`/v1/models/${n}/runs?limit=50`),
    api(`/v1/models/${n}/deployments`).catch(() => null), api(`/v1/models/${n}/live`).catch(() => null),
    api(`/v1/models/${n}/schedule`).catch(() => null)]);
  const state = deployments?.state || {};
  const feedback = h('div', { class: 'feedback', id: 'action-result', role: 'status' });
  const act = (label, id, fn) => h('button', { id, onclick: async (ev) => {
    ev.target.disabled = true;
    feedback.replaceChildren();
    try { await fn(); feedback.replaceChildren(h('div', { class: 'notice' }, `${label}: done`)); refreshLater(800); } catch (e) { feedback.replaceChildren(errorBox(e)); ev.target.disabled = false; }
  } }, label);
  const actions = [];
  if (may(me, 'train', name)) actions.push(act('Retrain', 'retrain', () => api(`/v1/models/${n}/retrain`, { method: 'POST', body: { reason: 'retrain from the console' } })));
  if (schedule && may(me, 'train', name)) {
    actions.push(schedule.paused
      ? act('Resume schedule', 'schedule-resume', () => api(`/v1/models/${n}/schedule/resume`, { method: 'POST' }))
      : act('Pause schedule', 'schedule-pause', () => api(`/v1/models/${n}/schedule/pause`, { method: 'POST' })));
    actions.push(act('Run schedule now', 'schedule-trigger', () => api(`/v1/models/${n}/schedule/trigger`, { method: 'POST' })));
  }
  const versionList = versions.versions || [];
  const approved = versionList.filter((v) => v.status === 'APPROVED' && v.version !== state.version);
  if (may(me, 'operate', name) && approved.length) {
    const pick = h('select', { id: 'deploy-version', 'aria-label': 'version to deploy' }, approved.map((v) => h('option', { value: v.version }, `v${v.version}`)));
    actions.push(h('span', { class: 'inline' }, pick, act('Deploy', 'deploy', () => api(`/v1/models/${n}/deploy`, { method: 'POST', body: { version: Number(pick.value) } }))));
  }
  if (may(me, 'operate', name) && state.version) actions.push(act('Roll back', 'rollback', () => api(`/v1/models/${n}/rollback`, { method: 'POST', body: { reason: 'rollback from the console' } })));

  const runList = runs.runs || [];
  const compareBtn = h('button', { id: 'compare-selected', class: 'secondary', disabled: true, onclick: () => {
    const ids = [...document.querySelectorAll('input.pick:checked')].map((c) => c.value);
    location.hash = `#/compare?runs=${ids.map(enc).join(',')}`;
  } }, 'Compare selected runs');
  const onPick = () => { compareBtn.disabled = document.querySelectorAll('input.pick:checked').length < 2; };
  const timeline = m.lifecycle?.timeline || [];
  return [
    h('div', { class: 'page-head' },
      h('div', null, h('p', { class: 'crumbs' }, h('a', { href: '#/models' }, 'Models'), ' / '), h('h1', null, name)),
      h('div', { class: 'actions', id: 'model-actions' }, actions)),
    feedback,
    h('div', { class: 'summary' },
      stat('Task', m.task), stat('Champion', m.champion ? `v${m.champion.version}` : 'none'),
      stat('Served', state.version ? `v${state.version}${state.canaryVersion ? ` + canary v${state.canaryVersion} at ${Math.round((state.canaryShare || 0) * 100)}%` : ''}` : 'not served'),
      stat('Live quality', live?.accuracy != null ? `accuracy ${fmt(live.accuracy)}` : live?.rmse != null ? `RMSE ${fmt(live.rmse)}` : 'no feedback'),
      stat('Schedule', scheduleText(schedule)),
      stat('Drift', m.lifecycle?.lastDrift ? h('a', { href: `#/models/${n}/drift` }, badge(m.lifecycle.lastDrift.tripped ? 'drifted' : 'stable', m.lifecycle.lastDrift.tripped ? 'bad' : 'ok')) : h('a', { href: `#/models/${n}/drift` }, 'not checked'))),
    h('div', { class: 'cols' },
      h('div', { class: 'col-main' },
        card('Versions', table(['Version', 'Status', 'Aliases', 'Metrics', 'Gates', 'Run', ''], versionList.map((v) => h('tr', { dataset: { version: v.version } },
          h('td', { class: 'strong' }, `v${v.version}`), h('td', null, badge(v.status)),
          h('td', null, (v.aliases || []).map((a) => badge(a, 'alias'))),
          h('td', { class: 'small' }, metricsText(v.metrics)),
          h('td', null, gatesText(v.gates)),
          h('td', null, v.runId ? h('a', { href: `#/runs/${enc(v.runId)}`, class: 'small' }, 'run') : '—'),
          h('td', null, h('a', { href: `#/models/${n}/versions/${v.version}/lineage`, class: 'small' }, 'lineage')))), { empty: 'no versions yet' })),
        card('Runs', h('div', { class: 'card-actions' }, compareBtn),
          table(['', 'Run', 'Status', 'Stage', 'Metrics', 'Dataset', 'Started'], runList.map((r) => h('tr', { dataset: { run: r.id } },
            h('td', null, h('input', { type: 'checkbox', class: 'pick', value: r.id, 'aria-label': `select run ${r.id}`, onchange: onPick })),
            h('td', null, h('a', { href: `#/runs/${enc(r.id)}`, class: 'mono' }, r.id.slice(0, 8))),
            h('td', null, badge(r.status)), h('td', null, r.stage || '—'),
            h('td', { class: 'small' }, metricsText(r.metrics)),
            h('td', { class: 'small' }, r.dataset ? h('a', { href: `#/datasets/${enc(r.dataset.name)}/versions/${enc(r.dataset.version)}` }, `${r.dataset.name}@${r.dataset.version.slice(0, 12)}`) : '—'),
            h('td', { class: 'small muted' }, when(r.createdAt)))), { empty: 'no runs yet' })),
        card('Deployments', table(['When', 'Kind', 'Version', 'Canary', 'By', 'Reason'], (deployments?.history || []).map((d) => h('tr', null,
          h('td', { class: 'small muted' }, when(d.createdAt)), h('td', null, d.kind), h('td', null, `v${d.version}`),
          h('td', null, d.canaryVersion ? `v${d.canaryVersion} at ${Math.round((d.canaryShare || 0) * 100)}%` : '—'),
          h('td', null, d.actor || '—'), h('td', { class: 'small' }, d.reason || ''))), { empty: 'never deployed' }))),
      h('aside', { class: 'col-side' }, card('Lifecycle', h('ol', { class: 'timeline', id: 'timeline' },
        timeline.length ? timeline.map((t) => h('li', { class: `ev ${kindClass(t.kind)}` },
          h('div', { class: 'ev-head' }, h('span', { class: 'ev-kind' }, t.kind), h('span', { class: 'small muted' }, when(t.at))),
          h('div', { class: 'small' }, t.message), t.runId ? h('a', { href: `#/runs/${enc(t.runId)}`, class: 'small' }, 'open run') : null))
          : h('li', { class: 'muted' }, 'nothing has happened yet'))))),
  ];
}

function scheduleText(s) {
  if (!s) return 'none';
  const what = `${s.cron}${s.timezone && s.timezone !== 'UTC' ? ` (${s.timezone})` : ''}`;
  return h('span', { id: 'schedule', title: `overlap ${s.overlap}; fired ${s.fired ?? 0} times` },
    s.paused ? [what, ' ', badge('paused', 'wait')] : [what, h('span', { class: 'small muted' }, s.nextRunAt ? ` · next ${when(s.nextRunAt)}` : '')]);
}

function stat(label, value) {
  return h('div', { class: 'stat' }, h('div', { class: 'stat-label' }, label), h('div', { class: 'stat-value' }, value));
}

function kindClass(kind) {
  if (/drift|reject|fail|rollback/.test(kind)) return 'bad';
  if (/approv|deploy|promot|succeed/.test(kind)) return 'ok';
  return '';
}

export function metricsText(metrics) {
  if (!metrics) return '—';
  return Object.entries(metrics).slice(0, 4).map(([k, v]) => `${k} ${fmt(v)}`).join(' · ');
}

export function gatesText(gates) {
  if (!gates || !gates.length) return h('span', { class: 'muted' }, 'none');
  const passed = gates.filter((g) => g.passed).length;
  return badge(`${passed}/${gates.length} passed`, passed === gates.length ? 'ok' : 'bad');
}
