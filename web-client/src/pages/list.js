// The document list (/): open, create, rename, delete with confirmation; an empty state that
// invites the first document; a fallback when the server has no documents API.
import { h, relativeTime, toast } from '../dom.js';
import { initials } from '../identity.js';
import { ApiError, createDocument, deleteDocument, listDocuments, renameDocument } from '../api.js';
import { confirmDialog } from './confirm-dialog.js';

export function renderListPage(root) {
  const list = h('ul', { class: 'doc-list', 'aria-label': 'Documents' });
  const more = h('button', { class: 'button', hidden: true }, 'Load more');
  const body = h('section', { class: 'list-body', 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading documents…'));
  const newButton = h('button', { class: 'button primary', id: 'new-document', onclick: () => create() }, 'New document');
  const dialog = confirmDialog({ id: 'confirm-title', confirmLabel: 'Delete', confirmClass: 'danger', confirmId: 'confirm-delete' });
  root.replaceChildren(
    h('header', { class: 'topbar' }, h('a', { class: 'brand', href: '/' }, 'Quire'), h('span', { class: 'spacer' }), newButton),
    h('main', { class: 'list-page' }, h('h1', {}, 'Documents'), body),
    dialog.element,
  );
  document.title = 'Documents — Quire';

  let cursor = null;
  let apiAvailable = true;

  async function load(append) {
    try {
      const page = await listDocuments({ cursor: append ? cursor : null });
      cursor = page.nextCursor;
      if (!append) list.replaceChildren();
      page.documents.forEach((doc) => list.append(row(doc)));
      more.hidden = !cursor;
      showListOrEmpty();
    } catch (e) {
      if (e instanceof ApiError && e.unavailable) {
        apiAvailable = false;
        body.replaceChildren(h('div', { class: 'empty' },
          h('p', {}, 'This server does not list documents yet.'),
          h('p', { class: 'muted' }, 'You can still start a new document and share its link.'),
          h('button', { class: 'button primary', onclick: () => create() }, 'Start a document')));
      } else {
        body.replaceChildren(h('p', { class: 'error' }, `Could not load documents: ${e.message}`),
          h('button', { class: 'button', onclick: () => load(false) }, 'Try again'));
      }
    } finally {
      body.setAttribute('aria-busy', 'false');
    }
  }

  function showListOrEmpty() {
    if (list.children.length === 0) {
      body.replaceChildren(h('div', { class: 'empty' },
        h('p', { class: 'empty-title' }, 'No documents yet'),
        h('p', { class: 'muted' }, 'Create your first document and invite others with its link.'),
        h('button', { class: 'button primary', onclick: () => create() }, 'Create your first document')));
    } else if (!body.contains(list)) {
      body.replaceChildren(list, more);
    }
  }

  more.addEventListener('click', () => load(true));

  async function create() {
    if (!apiAvailable) {
      location.assign(`/d/${randomId()}`);
      return;
    }
    try {
      const doc = await createDocument('Untitled');
      location.assign(`/d/${encodeURIComponent(doc.id)}`);
    } catch (e) {
      if (e instanceof ApiError && e.unavailable) location.assign(`/d/${randomId()}`);
      else toast(`Could not create a document: ${e.message}`, { tone: 'error' });
    }
  }

  /** Who is in the document now: the editor's avatars, smaller; nothing when nobody is. */
  function presentNow(present) {
    if (!present?.length) return [];
    const names = present.map((user) => user.name).join(', ');
    return [h('ul', { class: 'people doc-people', 'aria-label': `In it now: ${names}`, title: `In it now: ${names}` },
      ...present.map((user) => h('li', { class: 'avatar small', style: `--avatar: ${user.color}` },
        h('span', { 'aria-hidden': 'true' }, initials(user.name)), h('span', { class: 'sr-only' }, user.name))))];
  }

  function row(doc) {
    const link = h('a', { class: 'doc-title', href: `/d/${encodeURIComponent(doc.id)}` }, doc.title);
    const meta = h('span', { class: 'muted doc-meta', title: doc.updatedAt?.toLocaleString() ?? '' },
      doc.updatedAt ? `Edited ${relativeTime(doc.updatedAt)}` : '');
    const item = h('li', { class: 'doc-row', dataset: { id: doc.id } });
    const actions = h('span', { class: 'doc-actions' },
      h('button', { class: 'button small', 'aria-label': `Rename ${doc.title}`, onclick: () => startRename() }, 'Rename'),
      h('button', { class: 'button small danger', 'aria-label': `Delete ${doc.title}`, onclick: () => remove() }, 'Delete'));
    item.append(h('span', { class: 'doc-main' }, link, meta), ...presentNow(doc.present), actions);

    function startRename() {
      const input = h('input', { class: 'rename-input', value: doc.title, 'aria-label': 'New title', maxlength: '200' });
      const finish = async (save) => {
        input.replaceWith(link);
        const title = input.value.trim();
        if (!save || !title || title === doc.title) return;
        try {
          await renameDocument(doc.id, title);
          doc.title = title;
          link.textContent = title;
        } catch (e) {
          toast(`Could not rename: ${e.message}`, { tone: 'error' });
        }
      };
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') finish(true);
        if (e.key === 'Escape') finish(false);
      });
      input.addEventListener('blur', () => { if (input.isConnected) finish(true); });
      link.replaceWith(input);
      input.focus();
      input.select();
    }

    async function remove() {
      if (!(await dialog.ask(`Delete “${doc.title}”?`, 'Everyone editing it will be disconnected. This cannot be undone.'))) return;
      try {
        await deleteDocument(doc.id);
        item.remove();
        showListOrEmpty();
        toast(`Deleted “${doc.title}”`);
      } catch (e) {
        toast(`Could not delete: ${e.message}`, { tone: 'error' });
      }
    }
    return item;
  }

  load(false);
}

function randomId() {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_');
}
