import { h, fmt, card, when } from '../dom.js';
import { api, enc } from '../api.js';
import { lineChart, barChart, color } from '../charts.js';

// Compares 2..N runs: Keel runs (?runs=id,id) through their MLflow tracking runs, or MLflow runs (?tracking=id,id).
export async function compare({ query }) {
  const keel = (query.get('runs') || '').split(',').filter(Boolean);
  const tracking = (query.get('tracking') || '').split(',').filter(Boolean);
  if (keel.length + tracking.length < 2) return picker();
  const runs = [];
  for (const r of await Promise.all(keel.map((id) => api(`/v1/runs/${enc(id)}`)))) {
    if (!r.trackingRunId) throw new Error(`run ${r.id} has no tracking run to compare`);
    runs.push({ label: `${r.model} · ${r.modelVersion ? `v${r.modelVersion}` : r.id.slice(0, 8)}`, href: `#/runs/${enc(r.id)}`, trackingId: r.trackingRunId });
  }
  for (const id of tracking) runs.push({ trackingId: id });
  const got = await Promise.all(runs.map((r) => api(`/api/2.0/mlflow/runs/get?run_id=${enc(r.trackingId)}`)));
  got.forEach((g, i) => {
    const run = g.run;
    runs[i].label = runs[i].label || run.info.run_name || run.info.run_id.slice(0, 8);
    runs[i].status = run.info.status;
    runs[i].started = run.info.start_time;
    runs[i].params = Object.fromEntries((run.data.params || []).map((p) => [p.key, p.value]));
    runs[i].metrics = Object.fromEntries((run.data.metrics || []).map((m) => [m.key, m.value]));
  });
  // the same label twice would make the legend ambiguous
  const seen = new Map();
  for (const r of runs) { const n = (seen.get(r.label) || 0) + 1; seen.set(r.label, n); if (n > 1) r.label = `${r.label} (${n})`; }
  const metricKeys = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort();
  const histories = await Promise.all(runs.map((r) => Promise.all(metricKeys.map((k) => (k in r.metrics ? history(r.trackingId, k) : [])))));

  const onlyDiff = h('input', { type: 'checkbox', id: 'only-differences' });
  const paramTable = sideBySide('Parameter', runs, [...new Set(runs.flatMap((r) => Object.keys(r.params)))].sort(), (r, k) => r.params[k], false, 'compare-params');
  const metricTable = sideBySide('Metric (latest)', runs, metricKeys, (r, k) => r.metrics[k], true, 'compare-metrics');
  onlyDiff.addEventListener('change', () => {
    for (const tr of document.querySelectorAll('table.compare tr.same')) tr.classList.toggle('hidden', onlyDiff.checked);
  });
  const plots = h('div', { class: 'metric-plots', id: 'metric-plots' });
  const page = [
    h('div', { class: 'page-head' }, h('h1', null, `Compare ${runs.length} runs`),
      h('label', { class: 'inline small' }, onlyDiff, ' only rows that differ')),
    h('div', { class: 'legend-row' }, runs.map((r, i) => h('span', { class: 'chip' }, h('i', { style: `background:${color(i)}` }), r.href ? h('a', { href: r.href }, r.label) : r.label))),
    card('Metrics (latest value)', h('div', { class: 'scroll-x' }, metricTable)),
    card('Parameters', h('div', { class: 'scroll-x' }, paramTable)),
    card('Metrics, run by run', plots),
  ];
  page.after = () => {
    metricKeys.forEach((k, mi) => {
      const row = h('div', { class: 'metric-row', dataset: { metric: k } });
      plots.append(row);
      const series = runs.map((r, ri) => ({ label: r.label, x: histories[ri][mi].map((p) => p.step), y: histories[ri][mi].map((p) => p.value), color: color(ri) }))
        .filter((s) => s.x.length);
      if (series.some((s) => s.x.length > 1)) lineChart(row, `${k} over steps`, series, { w: 620, legend: runs.length <= 6 });
      barChart(row, k, runs.map((r) => r.label), runs.map((r) => r.metrics[k] ?? null), { colors: runs.map((_, i) => color(i)), w: series.some((s) => s.x.length > 1) ? 420 : 560 });
    });
  };
  return page;
}

async function history(runId, key) {
  const points = [];
  let token = null;
  do {
    const page = await api(`/api/2.0/mlflow/metrics/get-history?run_id=${enc(runId)}&metric_key=${enc(key)}&max_results=25000${token ? `&page_token=${enc(token)}` : ''}`);
    points.push(...(page.metrics || []));
    token = page.next_page_token;
  } while (token);
  points.sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
  return points;
}

function sideBySide(title, runs, keys, value, numeric, id) {
  return h('table', { class: 'grid compare', id },
    h('thead', null, h('tr', null, h('th', null, title), runs.map((r, i) => h('th', { class: 'run-col' }, h('i', { class: 'dot', style: `background:${color(i)}` }), r.label)))),
    h('tbody', null, keys.length ? keys.map((k) => {
      const values = runs.map((r) => value(r, k));
      const differs = new Set(values.map((v) => (v === undefined ? '∅' : String(v)))).size > 1;
      const nums = values.filter((v) => typeof v === 'number');
      const best = numeric && nums.length ? (/rmse|mae|mse|loss|error/.test(k) ? Math.min(...nums) : Math.max(...nums)) : null;
      return h('tr', { class: differs ? 'differs' : 'same' }, h('th', { scope: 'row' }, k),
        values.map((v) => h('td', { class: numeric && differs && v === best ? 'best' : null, title: v === undefined ? null : String(v) }, v === undefined ? h('span', { class: 'muted' }, '—') : numeric ? fmt(v, 4) : String(v).length > 28 ? `${String(v).slice(0, 27)}…` : v)));
    }) : h('tr', null, h('td', { colspan: runs.length + 1, class: 'muted' }, 'none'))));
}

// Without runs in the URL: pick 2..N from a model's Keel runs and/or an MLflow experiment's tracking runs.
async function picker() {
  const [models, experiments] = await Promise.all([
    api('/v1/models').then((r) => r.models || []),
    api('/api/2.0/mlflow/experiments/search', { method: 'POST', body: { max_results: 1000 } }).then((r) => r.experiments || []).catch(() => [])]);
  const count = h('span', { class: 'small muted', id: 'compare-count' }, '0 runs picked');
  const picked = () => document.querySelectorAll('#compare-runs input:checked, #compare-tracking input:checked');
  const onPick = () => { const n = picked().length; count.textContent = `${n} run${n === 1 ? '' : 's'} picked`; go.disabled = n < 2; };
  const go = h('button', { id: 'compare-go', disabled: true, onclick: () => {
    const keel = [...document.querySelectorAll('#compare-runs input:checked')].map((c) => enc(c.value));
    const tracking = [...document.querySelectorAll('#compare-tracking input:checked')].map((c) => enc(c.value));
    location.hash = `#/compare?${[keel.length ? `runs=${keel.join(',')}` : '', tracking.length ? `tracking=${tracking.join(',')}` : ''].filter(Boolean).join('&')}`;
  } }, 'Compare');
  const item = (value, name, detail) => h('label', { class: 'pick-item' }, h('input', { type: 'checkbox', value, onchange: onPick }), h('span', { class: 'mono' }, name), ` ${detail}`);

  const select = h('select', { id: 'compare-model', 'aria-label': 'model' }, models.map((m) => h('option', { value: m.name }, m.name)));
  const list = h('div', { class: 'pick-list', id: 'compare-runs' });
  const load = async () => {
    if (!select.value) return;
    const runs = (await api(`/v1/models/${enc(select.value)}/runs?limit=100`)).runs || [];
    list.replaceChildren(...(runs.length ? runs.map((r) => item(r.id, r.id.slice(0, 8), `${r.status} · ${when(r.createdAt)}`)) : [h('span', { class: 'muted small' }, 'no runs')]));
    onPick();
  };
  select.addEventListener('change', load);

  const expSelect = h('select', { id: 'compare-experiment', 'aria-label': 'MLflow experiment' }, experiments.map((e) => h('option', { value: e.experiment_id }, e.name)));
  const tracked = h('div', { class: 'pick-list', id: 'compare-tracking' });
  const loadTracked = async () => {
    if (!expSelect.value) return;
    const found = await api('/api/2.0/mlflow/runs/search', { method: 'POST', body: { experiment_ids: [expSelect.value], max_results: 200 } });
    const runs = found.runs || [];
    tracked.replaceChildren(...(runs.length ? runs.map((r) => item(r.info.run_id, r.info.run_name || r.info.run_id.slice(0, 8), `${r.info.status} · ${when(r.info.start_time)}`)) : [h('span', { class: 'muted small' }, 'no runs')]));
    onPick();
  };
  expSelect.addEventListener('change', loadTracked);
  await Promise.all([load(), loadTracked()]);
  return [h('div', { class: 'page-head' }, h('h1', null, 'Compare runs'), h('div', { class: 'actions' }, count, go)),
    h('p', { class: 'muted' }, 'Pick two or more runs: they are compared by their parameters, metrics and metric histories. Keel runs and MLflow tracking runs can be mixed. From a model page you can also tick runs and press Compare.'),
    h('div', { class: 'cols2' },
      card('Keel runs of a model', models.length ? [h('label', null, 'Model ', select), list] : h('p', { class: 'muted' }, 'No models yet.')),
      card('MLflow runs of an experiment', experiments.length ? [h('label', null, 'Experiment ', expSelect), tracked] : h('p', { class: 'muted' }, 'No experiments yet.')))];
}
