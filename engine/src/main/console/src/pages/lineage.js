import { h, fmt, badge, card, when, kv, table } from '../dom.js';
import { api, enc } from '../api.js';

// dataset version → run → model version → deployments, and the reverse: which models saw a dataset version.
export async function lineage({ params: [name, version] }) {
  const l = await api(`/v1/models/${enc(name)}/versions/${enc(version)}/lineage`);
  const node = (kind, title, ...lines) => h('div', { class: `node ${kind}` }, h('div', { class: 'strong' }, title), lines.map((x) => h('div', { class: 'small muted' }, x)));
  const col = (title, nodes) => h('div', { class: 'graph-col' }, h('h3', null, title), nodes.length ? nodes : h('div', { class: 'muted small' }, 'none'));
  return [
    h('div', { class: 'page-head' }, h('div', null, h('p', { class: 'crumbs' }, h('a', { href: '#/models' }, 'Models'), ' / ', h('a', { href: `#/models/${enc(name)}` }, name), ` / v${version} / lineage`), h('h1', null, `Lineage of ${name} v${version}`))),
    card('From data to serving', h('div', { class: 'graph', id: 'lineage-graph' },
      col('Dataset versions', (l.datasets || []).map((d) => h('a', { href: `#/datasets/${enc(d.name)}/versions/${enc(d.version)}` },
        node('dataset', `${d.name}`, `version ${d.version.slice(0, 20)}`, `${d.rows} rows · ${Math.round(d.sizeBytes / 1024)} KiB`, `which models saw it →`)))),
      col('Run', l.run ? [h('a', { href: `#/runs/${enc(l.run.id)}` }, node('run', `run ${l.run.id.slice(0, 8)}`, `${l.run.pipeline} · ${l.run.status}`, when(l.run.createdAt)))] : []),
      col('Model version', [node('version', `${l.model} v${l.version}`, l.status, l.trainer ? `${l.trainer.algorithm}` : '', (l.aliases || []).join(', '), l.artifactHash ? `artifact ${l.artifactHash.slice(0, 19)}` : '')]),
      col('Deployments', (l.deployments || []).map((d) => node('deploy', `${d.kind} v${d.version}`, d.canaryVersion ? `canary v${d.canaryVersion} at ${Math.round(d.canaryShare * 100)}%` : '', `${d.actor || ''} ${when(d.at)}`))))),
    h('div', { class: 'cols2' },
      card('Training', kv([['Algorithm', l.trainer?.algorithm || '—'], ['Parameters', l.trainer ? Object.entries(l.trainer.params || {}).map(([k, v]) => `${k}=${v}`).join(' · ') || 'defaults' : '—'],
        ['Seed', l.seed ?? '—'], ['Keel', l.keelVersion || '—'], ['Git commit', l.gitCommit ? h('span', { class: 'mono' }, l.gitCommit.slice(0, 12)) : '—'], ['Format', l.format || '—'], ['Source', l.source || '—']])),
      card('Approval and serving', kv([['Decision', l.approval ? badge(l.approval.decision) : '—'], ['By', l.approval?.actor || '—'], ['Comment', l.approval?.comment || '—'], ['Serving', l.serving || 'not served'],
        ['Reproductions', (l.reproductions || []).length ? (l.reproductions || []).map((r) => `${r.status || ''}`).join(', ') : 'none']]))),
  ];
}

export async function usage({ params: [name, version] }) {
  const u = await api(`/v1/datasets/${enc(name)}/versions/${enc(version)}/usage`);
  return [
    h('div', { class: 'page-head' }, h('div', null, h('p', { class: 'crumbs' }, 'Datasets / ', name), h('h1', null, `Which models saw ${name}`)), h('span', { class: 'mono muted' }, version)),
    card('Model versions trained on this data', table(['Model', 'Version', 'Status', 'Aliases', 'Serving', 'Created', ''], (u.modelVersions || []).map((v) => h('tr', null,
      h('td', null, h('a', { href: `#/models/${enc(v.model)}` }, v.model)), h('td', null, `v${v.version}`), h('td', null, badge(v.status)), h('td', null, (v.aliases || []).join(', ')),
      h('td', null, v.serving || '—'), h('td', { class: 'small muted' }, when(v.createdAt)), h('td', null, h('a', { href: `#/models/${enc(v.model)}/versions/${v.version}/lineage` }, 'lineage')))), { empty: 'no model version used it' })),
    card('Runs that read it', table(['Run', 'Model', 'Pipeline', 'Status', 'Version', 'Started'], (u.runs || []).map((r) => h('tr', null,
      h('td', null, h('a', { href: `#/runs/${enc(r.id)}`, class: 'mono' }, r.id.slice(0, 8))), h('td', null, r.model), h('td', null, r.pipeline), h('td', null, badge(r.status)),
      h('td', null, r.modelVersion ? `v${r.modelVersion}` : '—'), h('td', { class: 'small muted' }, when(r.createdAt)))), { empty: 'no runs' })),
  ];
}
