// The editor page (/d/{id}): title, who is here, a truthful status, share link, display name,
// and the collaborative Quill editor wired through Session + Connection + EditorBinding.
import { h, toast } from '../dom.js';
import { ApiError, renameDocument } from '../api.js';
import { DOCUMENT_ID } from '../protocol.js';
import { Session } from '../net/session.js';
import { Connection, Status } from '../net/connection.js';
import { EditorBinding } from '../editor/binding.js';
import { createQuill } from '../editor/quill-setup.js';
import { describeLastSave, describeStatus, triggerWords } from '../editor/status.js';
import { createHistoryPanel } from './history.js';
import { colorFor, initials, loadName, newClientId, saveName } from '../identity.js';

export function renderEditorPage(root, documentId) {
  if (!DOCUMENT_ID.test(documentId)) {
    root.replaceChildren(h('main', { class: 'list-page' }, h('h1', {}, 'Not a document link'),
      h('p', {}, 'Document ids are 1–64 letters, digits, “-” or “_”.'), h('a', { href: '/' }, 'Back to documents')));
    return;
  }

  const clientId = newClientId();
  const me = { name: loadName() || 'Anonymous', color: colorFor(clientId) };

  const titleInput = h('input', { class: 'title-input', id: 'title', 'aria-label': 'Document title', value: '', maxlength: '200', disabled: true });
  const status = h('span', { class: 'status', id: 'status', role: 'status', 'aria-live': 'polite' }, 'Connecting…');
  const people = h('ul', { class: 'people', id: 'people', 'aria-label': 'People in this document' });
  const lastSave = h('span', { class: 'last-save muted', id: 'last-save' });
  const saveButton = h('button', { class: 'button', id: 'save', 'aria-keyshortcuts': 'Control+S Meta+S', title: 'Save a version (Ctrl+S)', onclick: () => saveNow() }, 'Save');
  const history = createHistoryPanel(documentId, { notify: toast });
  const shareButton = h('button', { class: 'button primary', id: 'share', onclick: () => share() }, 'Share');
  const nameButton = h('button', { class: 'button name-button', id: 'name', 'aria-label': 'Your display name', onclick: () => nameDialog.open() }, me.name);
  const banner = h('div', { class: 'banner', id: 'banner', hidden: true, role: 'alert' });
  const editorHost = h('div', { class: 'editor-host' });
  const nameDialog = makeNameDialog((name) => rename(name));

  root.replaceChildren(
    h('header', { class: 'topbar editor-bar' },
      h('a', { class: 'brand', href: '/', 'aria-label': 'All documents' }, 'Quire'),
      titleInput,
      status,
      lastSave,
      h('span', { class: 'spacer' }),
      people,
      nameButton,
      saveButton,
      history.toggleButton,
      shareButton),
    banner,
    h('div', { class: 'editor-layout' }, h('main', { class: 'editor-page' }, editorHost), history.element),
    nameDialog.element,
  );
  document.title = 'Quire';

  const quill = createQuill(editorHost, (message) => toast(message, { tone: 'warn' }));

  let connection;
  const session = new Session({ clientId, name: me.name }, {});
  const binding = new EditorBinding(quill, session, { cursors: quill.getModule('cursors') });
  Object.assign(session.out, binding.sessionCallbacks(), {
    send: (message) => connection.send(message),
    welcome: (message) => {
      binding.sessionCallbacks().welcome(message);
      setTitle(message.title);
      renderPeople();
    },
    lost: (delta) => showLost(delta),
    rejected: (error) => toast(`An edit was refused by the server (${error.code}); the document is being reloaded.`, { tone: 'error' }),
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
    url: `${protocol}://${location.host}/ws/documents/${encodeURIComponent(documentId)}`,
    session,
    onStatus: (s, detail) => {
      if (s === Status.CLOSED) closed(detail);
      renderStatus();
    },
  });
  connection.start();

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

  function saveNow() {
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
  }

  function renderPeople() {
    const everyone = [{ clientId, name: me.name, color: me.color, self: true }, ...binding.users()];
    people.replaceChildren(...everyone.map((user) => {
      const label = user.self ? `${user.name} (you)` : user.name;
      const face = [h('span', { 'aria-hidden': 'true' }, initials(user.name)), h('span', { class: 'sr-only' }, label)];
      return h('li', { class: 'avatar', style: `--avatar: ${user.color}`, title: label, dataset: { clientId: user.clientId } },
        // Your own avatar changes your name (the only way on a narrow screen, where the name button is hidden).
        user.self ? h('button', { 'aria-label': `${label}: change your name`, onclick: () => nameDialog.open() }, ...face) : face);
    }));
  }

  function rename(name) {
    me.name = name || 'Anonymous';
    saveName(name);
    session.name = me.name;
    nameButton.textContent = me.name;
    renderPeople();
    connection.restart(); // the name travels in hello; the session resumes where it was
  }

  async function share() {
    const link = `${location.origin}/d/${encodeURIComponent(documentId)}`;
    try {
      await navigator.clipboard.writeText(link);
      toast('Link copied. Anyone with the link can edit.');
    } catch (e) {
      window.prompt('Copy this link:', link);
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
    const deleted = detail?.code === 4410;
    banner.hidden = false;
    banner.replaceChildren(h('p', {}, deleted
      ? 'This document was deleted. '
      : 'The connection was closed by the server and will not be retried. '),
    h('a', { href: '/' }, 'Back to documents'));
  }

  renderPeople();
  renderStatus();
  // Test and debugging handle; nothing in the page depends on it.
  window.__quire = { quill, session, connection, binding, history };
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
