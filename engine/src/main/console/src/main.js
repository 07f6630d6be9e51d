import './style.css';
import { h } from './dom.js';
import { api, whoami, forget } from './api.js';
import { resetCharts } from './charts.js';
import { signIn } from './pages/signin.js';
import { models } from './pages/models.js';
import { model } from './pages/model.js';
import { run } from './pages/run.js';
import { compare } from './pages/compare.js';
import { drift } from './pages/drift.js';
import { lineage, usage } from './pages/lineage.js';
import { audit } from './pages/audit.js';

// Hash routes, so every page has a URL that can be linked and reloaded (the engine serves the page only at /).
const ROUTES = [
  [/^\/signin$/, signIn, true],
  [/^\/(models)?$/, models],
  [/^\/models\/([^/]+)$/, model],
  [/^\/models\/([^/]+)\/drift$/, drift],
  [/^\/models\/([^/]+)\/versions\/(\d+)\/lineage$/, lineage],
  [/^\/datasets\/([^/]+)\/versions\/([^/]+)$/, usage],
  [/^\/runs\/([^/]+)$/, run],
  [/^\/compare$/, compare],
  [/^\/audit$/, audit],
];

const app = document.getElementById('app');

function parse() {
  const raw = location.hash.replace(/^#/, '') || '/models';
  const [path, query] = raw.split('?');
  return { path, query: new URLSearchParams(query || '') };
}

function nav(me, path) {
  const item = (href, label, active) => h('a', { href, class: active ? 'active' : null }, label);
  return h('header', { class: 'top' },
    h('a', { class: 'brand', href: '#/models' }, h('span', { class: 'logo' }, '⚓'), 'Keel Console'),
    h('nav', null,
      item('#/models', 'Models', path === '/models' || path.startsWith('/models/')),
      item('#/compare', 'Compare', path === '/compare'),
      (me.roles || []).includes('admin') ? item('#/audit', 'Audit', path === '/audit') : null),
    h('div', { class: 'who' },
      h('span', { class: 'user', title: (me.roles || []).join(', ') }, me.name),
      h('span', { class: 'roles' }, (me.roles || []).join(' · ') || 'no roles'),
      h('button', { class: 'ghost', id: 'signout', onclick: signOut }, 'Sign out')));
}

async function signOut() {
  await api('/console/session', { method: 'DELETE' }).catch(() => {});
  forget();
  location.hash = '#/signin';
}

let generation = 0;
async function render() {
  const mine = ++generation;
  const { path, query } = parse();
  const route = ROUTES.find(([re]) => re.test(path));
  resetCharts();
  document.body.dataset.ready = 'false';
  const started = performance.now();
  if (!route) {
    app.replaceChildren(h('main', null, h('h1', null, 'Not found'), h('p', null, `No page at ${path}. `, h('a', { href: '#/models' }, 'Back to the models'))));
    return;
  }
  const [re, page, open] = route;
  const params = path.match(re).slice(1).map((p) => (p === undefined ? p : decodeURIComponent(p)));
  let me = null;
  if (!open) {
    try { me = await whoami(); } catch (e) { if (e.status !== 401) showError(e); return; }
  }
  const main = h('main', null, h('p', { class: 'muted loading' }, 'Loading…'));
  app.replaceChildren(...(me ? [nav(me, path)] : []), main);
  try {
    const content = await page({ params, query, me, main });
    if (mine !== generation) return;
    if (content) main.replaceChildren(...[content].flat().filter((c) => c !== null && c !== undefined && c !== false));
    if (typeof content?.after === 'function') content.after();
    for (const f of main.querySelectorAll('[data-after]')) f.dispatchEvent(new Event('mounted'));
  } catch (e) {
    if (mine !== generation) return;
    if (e.status === 401) return;
    main.replaceChildren(errorBox(e));
  }
  window.keelRenderMs = performance.now() - started;
  document.body.dataset.ready = 'true';
}

export function errorBox(e) {
  return h('div', { class: 'error', role: 'alert' }, h('strong', null, e.status ? `Error ${e.status}` : 'Error'), ' ', e.message);
}

function showError(e) {
  app.replaceChildren(h('main', null, errorBox(e)));
}

window.addEventListener('hashchange', render);
render();
