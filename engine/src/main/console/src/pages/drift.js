import { h, fmt, badge, card, when, table, toDate } from '../dom.js';
import { api, enc } from '../api.js';
import { barChart, lineChart, histogramChart } from '../charts.js';

export async function drift({ params: [name] }) {
  const n = enc(name);
  const [m, reports, hist] = await Promise.all([api(`/v1/models/${n}`), api(`/v1/models/${n}/drift?limit=200`),
    api(`/v1/models/${n}/drift/histograms`).catch(() => null)]);
  const latest = reports.latest;
  const head = h('div', { class: 'page-head' }, h('div', null, h('p', { class: 'crumbs' }, h('a', { href: '#/models' }, 'Models'), ' / ', h('a', { href: `#/models/${n}` }, name), ' / drift'), h('h1', null, `Drift of ${name}`)));
  if (!latest) return [head, card(null, h('p', { class: 'muted' }, 'No drift check yet: the monitor checks the served inputs against the training data once the model is deployed and has traffic.'))];
  const threshold = m.definition?.monitoring?.psiThreshold ?? latest.report?.policy?.psiThreshold ?? 0.2;
  const features = (latest.report?.features || []).filter((f) => f.psi !== null && f.psi !== undefined).sort((a, b) => b.psi - a.psi);
  const drifted = features.filter((f) => f.drifted).map((f) => f.name);
  const history = [...reports.history].reverse().filter((r) => r.liveAccuracy !== null && r.liveAccuracy !== undefined);
  const psiBox = h('div', { id: 'psi' });
  const accBox = h('div', { id: 'live-accuracy' });
  const histBox = h('div', { class: 'hist-grid', id: 'histograms' });
  const page = [head,
    h('div', { class: `notice ${latest.tripped ? 'alarm' : 'ok'}`, id: 'drift-summary' },
      badge(latest.tripped ? 'drift alarm' : latest.drifted ? 'drifted' : 'stable', latest.tripped || latest.drifted ? 'bad' : 'ok'), ' ',
      h('strong', null, drifted.length ? `Drifted: ${drifted.join(', ')}` : 'No feature drifted'),
      h('div', { class: 'small' }, `${latest.reason || ''} — window of ${latest.windowSize} live inputs on v${latest.version ?? '?'}, checked ${when(latest.createdAt)}`)),
    card(`PSI per feature (threshold ${threshold})`, psiBox),
    card('Training against live, per feature', h('p', { class: 'muted small' }, 'Share of rows per bin of the training data (grey) and of the latest live window (red). Drifted features first.'), histBox),
    card('Live accuracy over time', accBox),
    card('Recent checks', table(['When', 'Version', 'Window', 'Drifted', 'Alarm', 'Live accuracy', 'Reason'], reports.history.filter((r) => r.windowSize > 0).slice(0, 12).map((r) => h('tr', null,
      h('td', { class: 'small muted' }, when(r.createdAt)), h('td', null, r.version ? `v${r.version}` : '—'), h('td', null, r.windowSize),
      h('td', null, badge(r.drifted ? 'yes' : 'no', r.drifted ? 'bad' : 'ok')), h('td', null, r.tripped ? badge('tripped', 'bad') : '—'),
      h('td', null, fmt(r.liveAccuracy)), h('td', { class: 'small' }, r.reason || ''))))),
  ];
  page.after = () => {
    barChart(psiBox, 'PSI', features.map((f) => f.name), features.map((f) => f.psi), {
      w: 1200, height: 260, threshold, colors: features.map((f) => (f.drifted ? '#dc2626' : '#3b82f6')) });
    if (history.length) {
      lineChart(accBox, 'live accuracy', [{ label: 'accuracy', x: history.map((r) => toDate(r.createdAt).getTime() / 1000), y: history.map((r) => r.liveAccuracy) }], { xLabel: 'time', w: 1200, height: 200, time: true });
      const u = accBox.querySelector('.uplot');
      if (u) u.dataset.kind = 'time';
    } else {
      accBox.append(h('p', { class: 'muted' }, 'No labelled feedback yet: POST /v1/models/{name}/feedback to measure live accuracy.'));
    }
    const order = new Map(features.map((f, i) => [f.name, i]));
    const list = (hist?.features || []).filter((f) => f.bins && f.bins.length).sort((a, b) => (order.get(a.name) ?? 99) - (order.get(b.name) ?? 99));
    if (!list.length) histBox.append(h('p', { class: 'muted' }, 'No histograms: the model has no training profile or no live inputs yet.'));
    for (const f of list) {
      const box = h('div', { class: drifted.includes(f.name) ? 'drifted' : null });
      histBox.append(box);
      histogramChart(box, `${f.name}${f.psi != null ? ` · PSI ${fmt(f.psi)}` : ''}`, f.bins, f.training, f.live);
    }
  };
  return page;
}
