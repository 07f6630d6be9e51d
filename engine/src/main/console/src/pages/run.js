import { h, fmt, badge, table, card, when, kv, duration, refreshLater } from '../dom.js';
import { api, enc, may } from '../api.js';
import { scatterChart, parallelChart } from '../charts.js';
import { errorBox } from '../main.js';

export async function run({ params: [id], me }) {
  const r = await api(`/v1/runs/${enc(id)}`);
  const tracked = r.trackingRunId ? await api(`/api/2.0/mlflow/runs/get?run_id=${enc(r.trackingRunId)}`).catch(() => null) : null;
  const trials = tracked ? await sweepTrials(tracked.run) : [];
  const page = [
    h('div', { class: 'page-head' },
      h('div', null, h('p', { class: 'crumbs' }, h('a', { href: '#/models' }, 'Models'), ' / ', h('a', { href: `#/models/${enc(r.model)}` }, r.model), ' / run'),
        h('h1', null, 'Run ', h('span', { class: 'mono' }, r.id.slice(0, 8)), ' ', badge(r.status, null))),
      h('div', { class: 'muted small' }, `pipeline ${r.pipeline || '—'} · started ${when(r.createdAt)} · ${r.endedAt ? `took ${duration(r.createdAt, r.endedAt)}` : 'in flight'}`)),
    r.error ? h('div', { class: 'error' }, r.error) : null,
    r.status === 'AWAITING_APPROVAL' ? approvalBox(r, me) : null,
    h('div', { class: 'cols' },
      h('div', { class: 'col-main' },
        card('Stages', stages(r.stages || [])),
        card('Champion vs candidate', championTable(r)),
        card('Gates', table(['Metric', 'Rule', 'Actual', 'Result', 'Reason'], (r.gates || []).map((g) => h('tr', null,
          h('td', null, g.metric), h('td', null, `${g.op} ${fmt(g.value)}`), h('td', null, fmt(g.actual)),
          h('td', null, badge(g.passed ? 'passed' : 'failed')), h('td', { class: 'small' }, g.reason || ''))), { empty: 'no gates defined' })),
        trials.length ? card(`Sweep trials (${trials.length})`, h('div', { class: 'trials', id: 'trials' }), trialTable(trials)) : null),
      h('aside', { class: 'col-side' },
        card('Decision', r.approval ? kv([['Decision', badge(r.approval.decision)], ['By', r.approval.actor], ['Comment', r.approval.comment || '—'], ['When', when(r.approval.decidedAt)]])
          : h('p', { class: 'muted' }, r.status === 'AWAITING_APPROVAL' ? 'Waiting for a person to decide.' : 'No approval was needed or recorded.')),
        card('Details', kv([
          ['Model', h('a', { href: `#/models/${enc(r.model)}` }, r.model)],
          ['Version', r.modelVersion ? h('a', { href: `#/models/${enc(r.model)}/versions/${r.modelVersion}/lineage` }, `v${r.modelVersion} (lineage)`) : '—'],
          ['Dataset', r.dataset ? h('a', { href: `#/datasets/${enc(r.dataset.name)}/versions/${enc(r.dataset.version)}` }, `${r.dataset.name}@${r.dataset.version.slice(0, 16)}`) : '—'],
          ['Tracking run', r.trackingRunId ? h('span', { class: 'mono small' }, r.trackingRunId) : '—'],
          ['Parameters', tracked ? h('span', { class: 'small' }, (tracked.run.data.params || []).filter((p) => !p.key.startsWith('sweep.')).map((p) => `${p.key}=${p.value.length > 24 ? `${p.value.slice(0, 23)}…` : p.value}`).join(' · ')) : '—']])))),
  ];
  page.after = () => {
    const box = document.getElementById('trials');
    if (!box || !trials.length) return;
    const metric = trials[0].metricKey;
    const axes = Object.keys(trials[0].params).filter((k) => new Set(trials.map((t) => String(t.params[k]))).size > 1);
    parallelChart(box, `Trials: parameters against ${metric}`, [...axes, metric],
      trials.filter((t) => t.metric != null).map((t) => ({ label: t.name || t.id.slice(0, 8), values: { ...t.params, [metric]: t.metric } })),
      { higherIsBetter: !/rmse|mae|mse|loss|error/.test(metric) });
    const numeric = Object.keys(trials[0].params).filter((k) => trials.every((t) => Number.isFinite(Number(t.params[k]))));
    for (const p of numeric.slice(0, 3)) {
      scatterChart(box, `${p} against ${metric}`, p, metric, trials.map((t) => [Number(t.params[p]), t.metric]));
    }
  };
  return page;
}

function stages(list) {
  if (!list.length) return h('p', { class: 'muted' }, 'no stages recorded');
  const t0 = Math.min(...list.map((s) => s.startedAt || Infinity));
  const t1 = Math.max(...list.map((s) => s.endedAt || s.startedAt || 0));
  const span = Math.max(1, t1 - t0);
  return h('div', { class: 'stages', id: 'stages' }, list.map((s) => {
    const left = s.startedAt ? ((s.startedAt - t0) / span) * 100 : 0;
    const width = s.startedAt && s.endedAt ? Math.max(0.8, ((s.endedAt - s.startedAt) / span) * 100) : 0.8;
    const took = s.startedAt && s.endedAt ? s.endedAt - s.startedAt : null;
    return h('div', { class: 'stage' },
      h('div', { class: 'stage-name' }, s.name),
      h('div', { class: 'stage-track' }, s.startedAt ? h('div', { class: `stage-bar ${statusKind(s.status)}`, style: `left:${left}%;width:${width}%` }) : null),
      h('div', { class: 'stage-meta small' }, badge(s.status), ' ', took === null ? '' : took < 1000 ? `${took} ms` : `${(took / 1000).toFixed(1)} s`,
        s.attempts > 1 ? h('span', { class: 'warn' }, ` · ${s.attempts} attempts`) : '', s.detail ? h('span', { class: 'muted' }, ` · ${s.detail}`) : ''));
  }));
}

function statusKind(s) {
  s = String(s || '').toUpperCase();
  if (/FAIL|REJECT/.test(s)) return 'bad';
  if (/RUN|PEND|WAIT|START/.test(s)) return 'run';
  return 'ok';
}

function championTable(r) {
  const keys = [...new Set([...Object.keys(r.metrics || {}), ...Object.keys(r.championMetrics || {})])];
  if (!keys.length) return h('p', { class: 'muted' }, 'no metrics yet');
  const lowerBetter = (k) => /rmse|mae|mse|loss|error/.test(k);
  return table(['Metric', 'Candidate', 'Champion', 'Difference'], keys.map((k) => {
    const c = r.metrics?.[k]; const ch = r.championMetrics?.[k];
    const d = c != null && ch != null ? c - ch : null;
    const better = d === null || d === 0 ? '' : (d > 0) !== lowerBetter(k) ? 'better' : 'worse';
    return h('tr', null, h('td', null, k), h('td', { class: 'strong' }, fmt(c)), h('td', null, ch == null ? h('span', { class: 'muted' }, 'no champion') : fmt(ch)),
      h('td', { class: better }, d === null ? '—' : `${d > 0 ? '+' : ''}${fmt(d)}`));
  }));
}

function approvalBox(r, me) {
  const allowed = may(me, 'approve', r.model);
  if (!allowed) {
    return h('div', { class: 'notice', id: 'approval' }, 'This candidate waits for an approver. You have no approver role on this model, so you can only look.');
  }
  const comment = h('textarea', { id: 'approval-comment', rows: 2, placeholder: 'Comment (recorded with the decision)' });
  const result = h('div', { id: 'approval-result', role: 'status' });
  const decide = (decision) => async (ev) => {
    result.replaceChildren();
    for (const b of ev.target.parentElement.querySelectorAll('button')) b.disabled = true;
    try {
      const d = await api(`/v1/runs/${enc(r.id)}/approval`, { method: 'POST', body: { decision, comment: comment.value || undefined } });
      result.replaceChildren(h('div', { class: 'notice ok' }, `${d.decision === 'approve' ? 'Approved' : 'Rejected'} by ${d.actor}.`));
      refreshLater(1500);
    } catch (e) {
      result.replaceChildren(errorBox(e));
      for (const b of ev.target.parentElement.querySelectorAll('button')) b.disabled = false;
    }
  };
  return h('section', { class: 'card approval', id: 'approval' },
    h('h2', null, 'This candidate awaits your decision'),
    h('p', { class: 'muted small' }, 'The engine checks separation of duties: whoever started the run may not approve it.'),
    comment,
    h('div', { class: 'actions' },
      h('button', { id: 'approve', class: 'good', onclick: decide('approve') }, 'Approve'),
      h('button', { id: 'reject', class: 'danger', onclick: decide('reject') }, 'Reject')),
    result);
}

async function sweepTrials(parent) {
  if (!parent) return [];
  const found = await api('/api/2.0/mlflow/runs/search', { method: 'POST', body: {
    experiment_ids: [parent.info.experiment_id], filter: `tags.mlflow.parentRunId = '${parent.info.run_id}'`, max_results: 500 } }).catch(() => null);
  const metricKey = (parent.data.params || []).find((p) => p.key === 'sweep.metric')?.value;
  return (found?.runs || []).map((t) => {
    const metrics = Object.fromEntries((t.data.metrics || []).map((m) => [m.key, m.value]));
    const key = metricKey && metrics[metricKey] != null ? metricKey : Object.keys(metrics)[0];
    return { id: t.info.run_id, name: t.info.run_name, params: Object.fromEntries((t.data.params || []).map((p) => [p.key, p.value])), metric: metrics[key], metricKey: key };
  });
}

function trialTable(trials) {
  const keys = [...new Set(trials.flatMap((t) => Object.keys(t.params)))];
  const best = Math.max(...trials.map((t) => t.metric ?? -Infinity));
  return table(['Trial', ...keys, trials[0].metricKey], trials.map((t) => h('tr', { class: t.metric === best ? 'best' : null },
    h('td', { class: 'small' }, t.name || t.id.slice(0, 8)), keys.map((k) => h('td', null, t.params[k] ?? '—')), h('td', { class: 'strong' }, fmt(t.metric)))));
}
