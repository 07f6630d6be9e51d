import { h, fmt, badge, table, when } from '../dom.js';
import { api, enc } from '../api.js';

export async function models() {
  const list = (await api('/v1/models')).models || [];
  const rows = await Promise.all(list.map(async (m) => {
    const name = enc(m.name);
    const [detail, runs, deployments, live] = await Promise.all([
      api(`/v1/models/${name}`).catch(() => null),
      api(`/v1/models/${name}/runs?limit=1`).catch(() => ({ runs: [] })),
      api(`/v1/models/${name}/deployments`).catch(() => null),
      api(`/v1/models/${name}/live`).catch(() => null),
    ]);
    return { m, detail, last: (runs.runs || [])[0], state: deployments && deployments.state, live };
  }));
  const search = h('input', { type: 'search', id: 'model-search', placeholder: 'Search models by name', 'aria-label': 'Search models by name' });
  const body = h('tbody');
  const draw = () => {
    const q = search.value.trim().toLowerCase();
    const shown = rows.filter((r) => r.m.name.toLowerCase().includes(q));
    body.replaceChildren(...(shown.length ? shown.map(row) : [h('tr', null, h('td', { colspan: 8, class: 'muted' }, list.length ? 'no model matches' : 'No models yet: create one with POST /v1/models (see the README).'))]));
  };
  search.addEventListener('input', draw);
  draw();
  return [
    h('div', { class: 'page-head' }, h('h1', null, 'Models'), h('span', { class: 'muted' }, `${list.length} model${list.length === 1 ? '' : 's'}`), search),
    h('table', { class: 'grid', id: 'models' },
      h('thead', null, h('tr', null, ['Model', 'Task', 'Champion', 'Served', 'Last run', 'Live quality', 'Drift', 'Created'].map((x) => h('th', null, x)))),
      body),
  ];
}

function row({ m, detail, last, state, live }) {
  const drift = detail?.lifecycle?.lastDrift;
  const quality = live && (live.accuracy != null ? `accuracy ${fmt(live.accuracy)}` : live.rmse != null ? `RMSE ${fmt(live.rmse)}` : null);
  return h('tr', { dataset: { model: m.name } },
    h('td', null, h('a', { href: `#/models/${enc(m.name)}`, class: 'strong' }, m.name)),
    h('td', null, m.task),
    h('td', null, m.champion ? [`v${m.champion.version} `, h('span', { class: 'muted' }, primary(m.champion.metrics))] : h('span', { class: 'muted' }, 'none')),
    h('td', null, state?.version ? [`v${state.version}`, state.canaryVersion ? h('span', { class: 'muted' }, ` + canary v${state.canaryVersion} (${Math.round((state.canaryShare || 0) * 100)}%)`) : null] : h('span', { class: 'muted' }, 'not served')),
    h('td', null, last ? [badge(last.status), ' ', h('a', { href: `#/runs/${enc(last.id)}`, class: 'small' }, when(last.createdAt))] : h('span', { class: 'muted' }, 'no runs')),
    h('td', null, quality ? [quality, h('span', { class: 'muted small' }, ` (${live.feedbackCount} labels)`)] : h('span', { class: 'muted' }, 'no feedback')),
    h('td', null, drift ? h('a', { href: `#/models/${enc(m.name)}/drift` }, badge(drift.tripped ? 'drifted' : 'stable', drift.tripped ? 'bad' : 'ok')) : h('span', { class: 'muted' }, 'not checked')),
    h('td', { class: 'small muted' }, when(m.createdAt)));
}

export function primary(metrics) {
  if (!metrics) return '';
  for (const k of ['accuracy', 'rmse', 'auc', 'f1', 'mae']) if (metrics[k] != null) return `${k} ${fmt(metrics[k])}`;
  const [k, v] = Object.entries(metrics)[0] || [];
  return k ? `${k} ${fmt(v)}` : '';
}
