import { h } from '../dom.js';
import { api, forget } from '../api.js';

// The token is posted once to the engine, which keeps it and answers with an HttpOnly session cookie: it is never
// put in a URL, in local storage, or anywhere this script could read it back.
export async function signIn({ query }) {
  const input = h('input', { type: 'password', id: 'token', name: 'token', autocomplete: 'off', placeholder: 'keel_…', required: true });
  const message = h('p', { class: 'error hidden', id: 'signin-error', role: 'alert' });
  const form = h('form', {
    class: 'signin', id: 'signin',
    onsubmit: async (ev) => {
      ev.preventDefault();
      message.classList.add('hidden');
      try {
        await api('/console/session', { method: 'POST', body: { token: input.value } });
        input.value = '';
        forget();
        const next = query.get('next');
        location.hash = next && next.startsWith('#/') && !next.startsWith('#/signin') ? next : '#/models';
      } catch (e) {
        message.textContent = e.message;
        message.classList.remove('hidden');
      }
    },
  },
  h('h1', null, h('span', { class: 'logo' }, '⚓'), ' Keel Console'),
  h('p', { class: 'muted' }, 'Sign in with your Keel API token. ', h('code', null, 'keel dev'), ' prints the admin token; an admin makes tokens for everyone else.'),
  h('label', { for: 'token' }, 'API token'), input,
  h('button', { type: 'submit', id: 'signin-submit' }, 'Sign in'),
  message,
  h('p', { class: 'small muted' }, 'The token stays on the engine; this browser keeps only a session cookie that scripts cannot read, for 12 hours or until you sign out.'));
  return h('div', { class: 'signin-page' }, form);
}
