// The editor page (/d/{id}): title, who is here, a truthful status, share link, display name,
// and the collaborative Quill editor wired through Session + Connection + EditorBinding.
import { h, toast } from '../dom.js';
import { ApiError, createShareLink, getMe, renameDocument } from '../api.js';
import { roleFor, withAccessToken } from '../auth.js';
import { DOCUMENT_ID } from '../protocol.js';
import { Session } from '../net/session.js';
import { Connection, Status } from '../net/connection.js';
import { EditorBinding } from '../editor/binding.js';
import { createQuill } from '../editor/quill-setup.js';
import { canRetryNow, describeLastSave, describeStatus, triggerWords } from '../editor/status.js';
import { createHistoryPanel } from './history.js';
import { colorFor, displayName, initials, loadName, saveName } from '../identity.js';

export function renderEditorPage(root, documentId) {
  if (!DOCUMENT_ID.test(documentId)) {
    root.replaceChildren(h('main', { class: 'list-page' }, h('h1', {}, 'Not a document link'),
      h('p', {}, 'Document ids are 1–64 letters, digits, “-” or “_”.'), h('a', { href: '/' }, 'Back to documents')));
    return;
  }

  // The colour follows from the client id the server gives us in the first welcome.
  const me = { name: displayName(loadName()), color: '#777777' };

  const titleInput = h('input', { class: 'title-input', id: 'title', 'aria-label': 'Document title', value: '', maxlength: '200', disabled: true });
  const status = h('span', { class: 'status', id: 'status', role: 'status', 'aria-live': 'polite' }, 'Connecting…');
  // Below the header, not in it: a crowded header clips what it cannot fit.
  const retryButton = h('button', { class: 'button small', id: 'retry-now', onclick: () => connection.retryNow() }, 'Retry now');
  const offlineBar = h('div', { class: 'banner', id: 'offline-bar', hidden: true },
    h('span', {}, 'Not connected to the server; your edits are kept and sent once it answers. '), retryButton);
  const people = h('ul', { class: 'people', id: 'people', 'aria-label': 'People in this document' });
  const lastSave = h('span', { class: 'last-save muted', id: 'last-save' });
  const saveButton = h('button', { class: 'button', id: 'save', 'aria-keyshortcuts': 'Control+S Meta+S', title: 'Save a version (Ctrl+S)', onclick: () => saveNow() }, 'Save');
  const history = createHistoryPanel(documentId, { notify: toast });
  const shareButton = h('button', { class: 'button primary', id: 'share', onclick: () => shareDialog.open() }, 'Share');
  const viewOnly = h('span', { class: 'badge view-only', id: 'view-only', hidden: true, title: 'You can read and follow this document but not change it' }, 'View only');
  const shareDialog = makeShareDialog((role) => share(role));
  let readOnly = false;
  const nameButton = h('button', { class: 'button name-button', id: 'name', 'aria-label': 'Your display name', onclick: () => nameDialog.open() }, me.name);
  const banner = h('div', { class: 'banner', id: 'banner', hidden: true, role: 'alert' });
  const editorHost = h('div', { class: 'editor-host' });
  const nameDialog = makeNameDialog((name) => rename(name));

  root.replaceChildren(
    h('header', { class: 'topbar editor-bar' },
      h('a', { class: 'brand', href: '/', 'aria-label': 'All documents' }, 'Quire'),
      titleInput,
      status,
      viewOnly,
      lastSave,
      h('span', { class: 'spacer' }),
      people,
      nameButton,
      saveButton,
      history.toggleButton,
      shareButton),
    banner,
    offlineBar,
    h('div', { class: 'editor-layout' }, h('main', { class: 'editor-page' }, editorHost), history.element),
    nameDialog.element,
    shareDialog.element,
  );
  document.title = 'Quire';

  const quill = createQuill(editorHost, (message) => toast(message, { tone: 'warn' }));

  let connection;
  const session = new Session({ name: me.name }, {});
  const binding = new EditorBinding(quill, session, { cursors: quill.getModule('cursors') });
  Object.assign(session.out, binding.sessionCallbacks(), {
    send: (message) => connection.send(message),
    welcome: (message) => {
      if (message.role === 'view') becomeReadOnly();
      me.color = colorFor(message.clientId);
      binding.sessionCallbacks().welcome(message);
      setTitle(message.title);
      renderPeople();
    },
    lost: (delta) => showLost(delta),
    rejected: (error) => toast(`An edit was refused by the server (${error.code}); the document is being reloaded.`, { tone: 'error' }),
    deferred: ({ seq, retryAfterMs, error }) => {
      const why = error.code === 'server_busy' ? 'The server is busy saving edits'
        : 'This document has taken all the edits it may for now';
      toast(`${why}; yours are kept and sent again in ${Math.ceil(retryAfterMs / 1000)} s.`, { tone: 'warn' });
      setTimeout(() => session.resendDeferred(seq), retryAfterMs);
    },
    desync: () => {
      quill.disable();
      connection.restart();
    },
    error: (error) => console.warn('quire: server error', error),
    changed: () => renderStatus(),
    saved: (message) => {
      // Explicit saves (ours or others') show in the status line; autosaves and API saves only in
      // the quiet note beside it. Either way an open history panel lists the new version.
      if (!message.mine && message.trigger === 'explicit' && message.version !== session.state.version) {
        toast(`${triggerWords(message)} as version ${message.savedVersion}.`);
      }
      if (history.isOpen) history.refresh();
    },
    saveFailed: (error) => toast(`Not saved: ${error.message || error.code}`, { tone: 'error' }),
    title: (message) => setTitle(message.title),
  });
  binding.onUsersChanged = renderPeople;

  const protocol = location.protocol === 'https:' ? 'wss' : 'ws';
  connection = new Connection({
    url: withAccessToken(`${protocol}://${location.host}/ws/documents/${encodeURIComponent(documentId)}`),
    session,
    onStatus: (s, detail) => {
      if (s === Status.CLOSED) closed(detail);
      renderStatus();
    },
  });
  connection.start();
  checkAccess();

  window.addEventListener('online', () => connection.online());
  window.addEventListener('offline', () => connection.offline());
  window.addEventListener('beforeunload', (event) => {
    if (session.loaded && !session.settled) {
      event.preventDefault();
      event.returnValue = ''; // some browsers still need it
    }
  });
  document.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      if (!event.repeat) saveNow();
    }
  });

  // The handshake refuses a missing or useless credential with 401/403, which a browser only sees as a failed
  // connection; asking /api/me tells the user why instead of retrying for ever. A viewer learns its role here
  // too (and again from every welcome).
  async function checkAccess() {
    try {
      const access = await getMe();
      const role = roleFor(access, documentId);
      if (!role) denied('The link or token you opened this with gives no access to this document.');
      else if (role === 'view') becomeReadOnly();
      // The server refuses share-link management to a share link's holder (its links would outlive it).
      if (access.kind === 'share-link') shareButton.hidden = true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) denied('This document needs a share link or a token. Ask its owner for a link.');
      else if (e instanceof ApiError && e.status === 403) denied('The link or token you opened this with gives no access to this document.');
      // Anything else (an older server without /api/me, a network blip): the WebSocket decides.
    }
  }

  function denied(message) {
    connection.stop();
    quill.disable();
    banner.hidden = false;
    banner.replaceChildren(h('p', {}, message), h('a', { href: '/' }, 'Back to documents'));
  }

  function becomeReadOnly() {
    if (readOnly) return;
    readOnly = true;
    quill.disable();
    viewOnly.hidden = false;
    saveButton.hidden = true;
    shareButton.hidden = true;
    titleInput.readOnly = true;
    editorHost.classList.add('read-only');
    history.readOnly();
  }

  function saveNow() {
    if (readOnly) return;
    if (session.saving) return; // the status already says "Saving…"
    if (!session.save()) {
      toast(session.loaded ? 'Offline — your changes are kept and will be sent; save again once reconnected.' : 'The document is still loading.', { tone: 'warn' });
    }
  }

  titleInput.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      quill.focus();
    }
    if (event.key === 'Escape') {
      titleInput.value = titleInput.dataset.saved ?? '';
      quill.focus();
    }
  });
  titleInput.addEventListener('change', async () => {
    const title = titleInput.value.trim();
    if (!title) {
      titleInput.value = titleInput.dataset.saved ?? '';
      return;
    }
    try {
      await renameDocument(documentId, title);
      setTitle(title);
    } catch (e) {
      titleInput.value = titleInput.dataset.saved ?? '';
      toast(e instanceof ApiError && e.unavailable ? 'This server cannot rename documents yet.' : `Could not rename: ${e.message}`, { tone: 'error' });
    }
  });

  // While the user is typing a title of their own, a rename from elsewhere only updates what
  // Escape (or an empty title) goes back to; their text stays until they commit or cancel it.
  function setTitle(title) {
    const editing = document.activeElement === titleInput && titleInput.value !== (titleInput.dataset.saved ?? '');
    if (!editing) titleInput.value = title;
    titleInput.dataset.saved = title;
    titleInput.disabled = false;
    document.title = `${title} — Quire`;
  }

  function renderStatus() {
    const { text, tone } = describeStatus({
      connection: connection?.status, loaded: session.loaded, settled: session.settled, closeCode: connection?.closeInfo?.code,
      saving: Boolean(session.saving), lastSave: session.lastSave, version: session.state.version,
    });
    if (status.textContent !== text) status.textContent = text;
    status.dataset.tone = tone;
    const note = describeLastSave(session.lastSave);
    if (lastSave.textContent !== note) lastSave.textContent = note;
    if (session.lastSave?.label) lastSave.title = session.lastSave.label;
    saveButton.disabled = connection?.status === Status.CLOSED; // not while saving: focus would be lost
    offlineBar.hidden = !canRetryNow({ connection: connection?.status, loaded: session.loaded });
  }

  function renderPeople() {
    const everyone = [{ clientId: session.clientId, name: me.name, color: me.color, self: true }, ...binding.users()];
    people.replaceChildren(...everyone.map((user) => {
      const label = user.self ? `${user.name} (you)` : user.name;
      const face = [h('span', { 'aria-hidden': 'true' }, initials(user.name)), h('span', { class: 'sr-only' }, label)];
      return h('li', { class: 'avatar', style: `--avatar: ${user.color}`, title: label, dataset: { clientId: user.clientId } },
        // Your own avatar changes your name (the only way on a narrow screen, where the name button is hidden).
        user.self ? h('button', { 'aria-label': `${label}: change your name`, onclick: () => nameDialog.open() }, ...face) : face);
    }));
  }

  function rename(name) {
    me.name = displayName(name);
    saveName(me.name === 'Anonymous' ? '' : me.name);
    session.name = me.name;
    nameButton.textContent = me.name;
    renderPeople();
    connection.restart(); // the name travels in hello; the session resumes where it was
  }

  // A share link carries its own secret (role view or edit); a server without share links gets the plain link.
  async function share(role) {
    let link = `${location.origin}/d/${encodeURIComponent(documentId)}`;
    let words = 'Anyone who can open this server can edit.';
    try {
      const created = await createShareLink(documentId, role);
      link = `${location.origin}${created.path}`;
      words = role === 'view' ? 'Anyone with the link can read and follow along, not edit.' : 'Anyone with the link can edit.';
    } catch (e) {
      if (!(e instanceof ApiError && e.unavailable)) {
        toast(`Could not make a link: ${e.message}`, { tone: 'error' });
        return;
      }
    }
    shareDialog.show(link);
    try {
      await navigator.clipboard.writeText(link);
      toast(`Link copied. ${words}`);
    } catch (e) {
      // The link is selectable in the dialog.
    }
  }

  function showLost(delta) {
    const text = delta.ops.map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
    banner.hidden = false;
    banner.replaceChildren(
      h('p', {}, 'Some of your edits could not be merged with the latest version and were not saved.'),
      text ? h('p', {}, 'Text you had typed: ', h('q', {}, text.slice(0, 500))) : null,
      text ? h('button', { class: 'button small', onclick: () => navigator.clipboard?.writeText(text) }, 'Copy that text') : null,
      h('button', { class: 'button small', onclick: () => { banner.hidden = true; } }, 'Dismiss'));
  }

  function closed(detail) {
    quill.disable();
    const why = {
      4404: 'This document does not exist, and your link may only view documents. ',
      4410: 'This document was deleted. ',
      4401: 'Your access to this document has expired. ',
      4403: 'The link you opened this document with was revoked. ',
      4409: 'This editor was opened again on another connection; reload to keep editing here. ',
    }[detail?.code] ?? 'The connection was closed by the server and will not be retried. ';
    banner.hidden = false;
    banner.replaceChildren(h('p', {}, why), h('a', { href: '/' }, 'Back to documents'));
  }

  renderPeople();
  renderStatus();
  // Test and debugging handle; nothing in the page depends on it.
  window.__quire = { quill, session, connection, binding, history };
}

function makeShareDialog(onCreate) {
  const output = h('input', { id: 'share-link', 'aria-label': 'Share link', readonly: true, hidden: true });
  const element = h('dialog', { class: 'dialog', id: 'share-dialog' },
    h('h2', {}, 'Share'),
    h('p', { class: 'muted' }, 'Make a link for others. A view link shows the document live but cannot change it. Links can be revoked.'),
    h('div', { class: 'dialog-actions' },
      h('button', { class: 'button', id: 'share-view', onclick: () => onCreate('view') }, 'View link'),
      h('button', { class: 'button primary', id: 'share-edit', onclick: () => onCreate('edit') }, 'Edit link')),
    output,
    h('div', { class: 'dialog-actions' }, h('button', { class: 'button', onclick: () => element.close() }, 'Close')));
  return {
    element,
    open() {
      output.hidden = true;
      output.value = '';
      element.showModal();
    },
    show(link) {
      output.value = link;
      output.hidden = false;
      output.select();
    },
  };
}

function makeNameDialog(onSave) {
  const input = h('input', { id: 'name-input', 'aria-label': 'Display name', maxlength: '60', autocomplete: 'nickname' });
  const form = h('form', { method: 'dialog' },
    h('h2', {}, 'Your name'),
    h('p', { class: 'muted' }, 'Shown to others next to your cursor. Remembered in this browser.'),
    input,
    h('div', { class: 'dialog-actions' }, h('button', { class: 'button', value: 'cancel' }, 'Cancel'), h('button', { class: 'button primary', value: 'ok' }, 'Save')));
  const element = h('dialog', { class: 'dialog' }, form);
  element.addEventListener('close', () => {
    if (element.returnValue === 'ok') onSave(input.value.trim());
  });
  return {
    element,
    open() {
      input.value = loadName();
      element.returnValue = '';
      element.showModal();
      input.focus();
    },
  };
}
