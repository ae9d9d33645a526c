// The editor's Share dialog: make a view or an edit link, see which kind the shown link is, list the document's
// links that still work and revoke them. On an open server (no credentials configured) it says plainly that a link
// restricts no one: anyone who can reach the server can open and edit every document without one.
import { h, relativeTime } from '../dom.js';
import { ApiError, createShareLink, getMe, listShareLinks, revokeShareLink } from '../api.js';

const KIND_WORDS = Object.freeze({
  view: 'View link: whoever has it can read and follow along, not edit.',
  edit: 'Edit link: whoever has it can edit this document.',
});
const OPEN_SERVER_WORDS = 'This server is open: anyone who can reach it can read and edit every document, with or without '
  + 'a link. A view link only opens the document read-only; it keeps no one out. Set QUIRE_ADMIN_TOKEN to require sign-in.';

/**
 * @param {string} documentId
 * @param {object} options
 * @param {(message: string, options?: object) => void} options.notify
 * @returns {{element: HTMLDialogElement, open(): Promise<void>}}
 */
export function createShareDialog(documentId, { notify }) {
  const output = h('input', { id: 'share-link', 'aria-label': 'Share link', 'aria-describedby': 'share-link-kind', readonly: true });
  const kind = h('p', { class: 'share-link-kind', id: 'share-link-kind' });
  const made = h('div', { class: 'share-made', id: 'share-made', hidden: true }, kind, output);
  const openWarning = h('p', { class: 'notice', id: 'share-open-warning', hidden: true }, OPEN_SERVER_WORDS);
  const links = h('ul', { class: 'share-links', id: 'share-links', 'aria-label': 'Links that work now' });
  const linksMessage = h('p', { class: 'muted', id: 'share-links-message', role: 'status' });
  const element = h('dialog', { class: 'dialog', id: 'share-dialog', 'aria-labelledby': 'share-heading' },
    h('h2', { id: 'share-heading' }, 'Share'),
    h('p', { class: 'muted' }, 'Make a link for others. A view link shows the document live but cannot change it. '
      + 'Links work until you revoke them below.'),
    openWarning,
    h('div', { class: 'dialog-actions' },
      h('button', { class: 'button', id: 'share-view', onclick: () => make('view') }, 'View link'),
      h('button', { class: 'button primary', id: 'share-edit', onclick: () => make('edit') }, 'Edit link')),
    made,
    h('h3', {}, 'Links that work now'),
    linksMessage,
    links,
    h('div', { class: 'dialog-actions' }, h('button', { class: 'button', id: 'share-close', onclick: () => element.close() }, 'Close')));

  let loading = 0; // guards against list answers arriving out of order

  async function open() {
    made.hidden = true;
    output.value = '';
    element.showModal();
    getMe().then((me) => { openWarning.hidden = me?.kind !== 'local-open'; }, () => { openWarning.hidden = true; });
    await refresh();
  }

  async function make(role) {
    let created;
    try {
      created = await createShareLink(documentId, role);
    } catch (e) {
      notify(e instanceof ApiError && e.unavailable ? 'This server cannot make share links.' : `Could not make a link: ${e.message}`,
        { tone: 'error' });
      return;
    }
    const link = `${location.origin}${created.path}`;
    output.value = link;
    output.dataset.role = role;
    kind.textContent = KIND_WORDS[role];
    made.hidden = false;
    output.select();
    refresh();
    try {
      await navigator.clipboard.writeText(link);
      notify(`Link copied. ${KIND_WORDS[role]}`);
    } catch (e) {
      // The link is selectable in the dialog.
    }
  }

  async function refresh() {
    const ticket = ++loading;
    let current;
    try {
      current = await listShareLinks(documentId);
    } catch (e) {
      if (ticket === loading) {
        links.replaceChildren();
        linksMessage.textContent = e instanceof ApiError && e.unavailable ? 'This server lists no links.' : `Could not list links: ${e.message}`;
      }
      return;
    }
    if (ticket !== loading) return;
    linksMessage.textContent = current.length ? '' : 'No links yet.';
    links.replaceChildren(...current.map((link) => row(link)));
  }

  function row(link) {
    const what = link.role === 'edit' ? 'Edit link' : 'View link';
    const when = link.createdAt ? `made ${relativeTime(link.createdAt)}` : '';
    const by = link.createdBy ? `by ${link.createdBy}` : '';
    const revoke = h('button', {
      class: 'button small danger', 'aria-label': `Revoke ${what.toLowerCase()} ${when}`.trim(), onclick: async () => {
        revoke.disabled = true;
        try {
          await revokeShareLink(documentId, link.id);
          notify(`${what} revoked: it no longer opens this document.`);
        } catch (e) {
          notify(`Could not revoke the link: ${e.message}`, { tone: 'error' });
        }
        await refresh();
      },
    }, 'Revoke');
    return h('li', { class: 'share-link-row', dataset: { linkId: link.id, role: link.role } },
      h('span', {}, h('strong', {}, what), link.label ? ` “${link.label}”` : '', ' ', h('span', { class: 'muted' }, [when, by].filter(Boolean).join(' '))),
      revoke);
  }

  return { element, open };
}
