// Every call goes to the engine's own REST API with the console's session cookie (HttpOnly: this script never sees
// it) and the X-Keel-Console header, which a cross-site form cannot set and the engine requires with the cookie.
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function api(path, { method = 'GET', body } = {}) {
  const headers = { 'X-Keel-Console': '1', Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (res.status === 401 && path !== '/console/session') {
    const back = location.hash;
    if (!back.startsWith('#/signin')) location.hash = `#/signin?next=${encodeURIComponent(back || '#/models')}`;
  }
  if (!res.ok) throw new ApiError(res.status, (data && data.message) || text || res.statusText);
  return data;
}

export const enc = encodeURIComponent;

let me = null;
export async function whoami(force = false) {
  if (!me || force) me = await api('/v1/me');
  return me;
}
export function forget() { me = null; }

const ROLE_OF = { approve: 'approver', operate: 'operator', train: 'data-scientist', admin: 'admin' };
// What the server would allow (it checks again: this only decides which buttons to show).
export function may(identity, permission, model) {
  const role = ROLE_OF[permission];
  return !!identity && (identity.roles || []).some((r) => r === role || (model && r === `${role}@${model}`));
}
