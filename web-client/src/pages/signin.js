// The sign-in page, shown at / when the server asks for a credential and this tab has none that works: paste an
// API token or the admin token. It is checked with /api/me before it is kept (sessionStorage, this tab only), so
// a wrong one is refused here with the server's reason instead of breaking the next page.
import { h } from '../dom.js';
import { ApiError, getMe } from '../api.js';
import { signIn } from '../auth.js';

// The server's refusal codes (docs/rest.md, Access) in words a person can act on.
const REFUSALS = Object.freeze({
  credential_malformed: 'That is not a Quire token. Paste the whole token: API tokens start with qt_.',
  credential_unknown: 'This server does not know that token. Check that you pasted all of it, and that it is for this server.',
  credential_revoked: 'That token was revoked. Ask an administrator for a new one.',
  credential_expired: 'That token has expired. Ask an administrator for a new one.',
  credential_bad_signature: 'That token’s signature does not match this server’s.',
});

/**
 * @param {HTMLElement} root
 * @param {object} options
 * @param {string} options.next where to go once signed in (a path of this site)
 * @param {string} [options.notice] why the form is shown (e.g. an earlier token no longer works)
 */
export function renderSignInPage(root, { next, notice }) {
  const input = h('input', {
    id: 'sign-in-token', type: 'password', name: 'token', autocomplete: 'off', spellcheck: 'false', required: true,
    'aria-describedby': 'sign-in-help', 'aria-invalid': 'false',
  });
  const error = h('p', { class: 'error', id: 'sign-in-error', role: 'alert', hidden: true });
  const button = h('button', { class: 'button primary', id: 'sign-in-submit', type: 'submit' }, 'Sign in');
  const form = h('form', { class: 'sign-in-form', id: 'sign-in-form', onsubmit: (event) => submit(event) },
    h('label', { for: 'sign-in-token' }, 'Access token'),
    input,
    h('p', { class: 'muted', id: 'sign-in-help' },
      'Paste an API token (qt_…) your administrator gave you, or the server’s admin token. It is kept in this tab only, '
      + 'until you sign out or close it. Opened a share link? Open it again: it brings you straight to its document.'),
    error,
    h('div', { class: 'dialog-actions' }, button));
  root.replaceChildren(
    h('header', { class: 'topbar' }, h('a', { class: 'brand', href: '/' }, 'Quire')),
    h('main', { class: 'list-page sign-in-page' },
      h('h1', {}, 'Sign in'),
      notice ? h('p', { class: 'notice', id: 'sign-in-notice' }, notice) : null,
      form));
  document.title = 'Sign in — Quire';
  input.focus();

  async function submit(event) {
    event.preventDefault();
    const token = input.value.trim();
    if (!token) return;
    button.disabled = true;
    error.hidden = true;
    try {
      const me = await getMe({ token });
      if (me?.kind === 'share-link') {
        refuse('That is a share link’s secret: open the link itself to reach its document.');
        return;
      }
      signIn(token);
      location.assign(next);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) refuse(REFUSALS[e.code] ?? `That token was not accepted: ${e.message}`);
      else refuse(`Could not check the token: ${e.message}`);
    } finally {
      button.disabled = false;
    }
  }

  function refuse(message) {
    error.textContent = message;
    error.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    input.select();
  }
}
