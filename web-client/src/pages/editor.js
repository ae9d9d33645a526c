// The editor page (/d/{id}): title, who is here, a truthful status, share link, display name,
// and the collaborative Quill editor wired through Session + Connection + EditorBinding.
import { h, toast } from '../dom.js';
import { ApiError, getMe, renameDocument } from '../api.js';
import { forgetLink, roleFor, signInPath, withAccessToken } from '../auth.js';
import { createShareDialog } from './share-dialog.js';
import { restoreNotice } from './restore-notice.js';
import { ClientType, DOCUMENT_ID } from '../protocol.js';
import { Session } from '../net/session.js';
import { Connection, Status } from '../net/connection.js';
import { EditorBinding, drawCursor } from '../editor/binding.js';
import { createQuill } from '../editor/quill-setup.js';
import { canRetryNow, describeLastSave, describeStatus, triggerWords } from '../editor/status.js';
import { createHistoryPanel } from './history.js';
import { displayName, initials, loadColor, loadName, peoplePresent, saveName } from '../identity.js';

export function renderEditorPage(root, documentId) {
  if (!DOCUMENT_ID.test(documentId)) {
    root.replaceChildren(h('main', { class: 'list-page' }, h('h1', {}, 'Not a document link'),
      h('p', {}, 'Document ids are 1–64 letters, digits, “-” or “_”.'), h('a', { href: '/' }, 'Back to documents')));
    return;
  }

  // The colour is this browser's, sent in hello; a credential that fixes one (a JWT's) overrides it (welcome).
  const me = { name: displayName(loadName()), color: loadColor() };

  const titleInput = h('input', { class: 'title-input', id: 'title', 'aria-label': 'Document title', value: '', maxlength: '200', disabled: true });
  const status = h('span', { class: 'status', id: 'status', role: 'status', 'aria-live': 'polite' }, 'Connecting…');
  // Below the header, not in it: a crowded header clips what it cannot fit.
  const retryButton = h('button', { class: 'button small', id: 'retry-now', onclick: () => connection.retryNow() }, 'Retry now');
  const offlineBar = h('div', { class: 'banner', id: 'offline-bar', hidden: true },
    h('span', {}, 'Not connected to the server; your edits are kept and sent once it answers. '), retryButton);
  const people = h('ul', { class: 'people', id: 'people', 'aria-label': 'People in this document' });
  const lastSave = h('span', { class: 'last-save muted', id: 'last-save' });
  const saveButton = h('button', { class: 'button', id: 'save', 'aria-keyshortcuts': 'Control+S Meta+S', title: 'Save a version (Ctrl+S)', onclick: () => saveNow() }, 'Save');
  const history = createHistoryPanel(documentId, { notify: toast, restorer: () => me.name });
  const shareButton = h('button', { class: 'button primary', id: 'share', onclick: () => shareDialog.open() }, 'Share');
  const viewOnly = h('span', { class: 'badge view-only', id: 'view-only', hidden: true, title: 'You can read and follow this document but not change it' }, 'View only');
  const shareDialog = createShareDialog(documentId, { notify: toast });
  let readOnly = false;
  let noAccess = false;
  let welcomed = false;
  const nameButton = h('button', { class: 'button name-button', id: 'name', 'aria-label': 'Your display name', onclick: () => nameDialog.open() }, me.name);
  const banner = h('div', { class: 'banner', id: 'banner', hidden: true, role: 'alert' });
  const editorHost = h('div', { class: 'editor-host' });
  const nameDialog = makeNameDialog((name) => rename(name));

  root.replaceChildren(
    h('header', { class: 'topbar editor-bar' },
      h('a', { class: 'brand', href: '/', 'aria-label': 'All documents' }, 'Quire'),
      h('span', { class: 'topbar-break', 'aria-hidden': 'true' }), // phones: title and status on a row of their own
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
  const toolbar = quill.getModule('toolbar').container;
  followHeaderHeight(root.querySelector('.editor-bar'));

  let connection;
  const session = new Session({ name: me.name }, {});
  const binding = new EditorBinding(quill, session, { cursors: quill.getModule('cursors') });
  Object.assign(session.out, binding.sessionCallbacks(), {
    send: (message) => connection.send(message.type === ClientType.HELLO ? { ...message, color: me.color } : message),
    welcome: (message) => {
      if (message.role === 'view') becomeReadOnly();
      const myself = message.users?.find((user) => user.clientId === message.clientId);
      if (myself?.color) me.color = myself.color;
      const firstLoad = !welcomed;
      welcomed = true;
      binding.sessionCallbacks().welcome(message);
      setTitle(message.title);
      renderPeople();
      if (firstLoad) offerToName(message);
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
      if (message.trigger === 'restore' && !history.restoring) toast(restoreNotice(message));
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
      if (e instanceof ApiError && e.status === 401) {
        forgetLink(documentId); // a remembered link that stopped working (revoked, expired) is of no more use
        denied('This document needs a share link or a token. Ask its owner for a link, or sign in.', { signIn: true });
      }
      else if (e instanceof ApiError && e.status === 403) denied('The link or token you opened this with gives no access to this document.');
      // Anything else (an older server without /api/me, a network blip): the WebSocket decides.
    }
  }

  function denied(message, { signIn = false } = {}) {
    noAccess = true;
    connection.stop();
    quill.disable();
    banner.hidden = false;
    banner.replaceChildren(h('p', {}, message),
      signIn ? h('a', { class: 'button small', id: 'banner-sign-in', href: signInPath(location.pathname) }, 'Sign in') : null,
      h('a', { href: '/' }, 'Back to documents'));
  }

  function becomeReadOnly() {
    if (readOnly) return;
    readOnly = true;
    quill.disable();
    viewOnly.hidden = false;
    saveButton.hidden = true;
    shareButton.hidden = true;
    toolbar.hidden = true;
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
    const { text, tone, showsSave } = describeStatus({
      connection: connection?.status, loaded: session.loaded, settled: session.settled, closeCode: connection?.closeInfo?.code,
      noAccess, saving: Boolean(session.saving), lastSave: session.lastSave, version: session.state.version,
    });
    if (status.textContent !== text) status.textContent = text;
    status.dataset.tone = tone;
    const note = showsSave ? '' : describeLastSave(session.lastSave);
    if (lastSave.textContent !== note) lastSave.textContent = note;
    if (session.lastSave?.label) lastSave.title = session.lastSave.label;
    saveButton.disabled = connection?.status === Status.CLOSED; // not while saving: focus would be lost
    offlineBar.hidden = !canRetryNow({ connection: connection?.status, loaded: session.loaded });
  }

  // One avatar per person (all their tabs), in the colour peoplePresent gives them; their cursors follow it.
  function renderPeople() {
    const present = peoplePresent([{ clientId: session.clientId, name: me.name, color: me.color, self: true }, ...binding.users()]);
    recolourCursors(present);
    people.replaceChildren(...present.map((person) => {
      const label = person.self ? `${person.name} (you)` : person.name;
      const face = [h('span', { 'aria-hidden': 'true' }, initials(person.name)), h('span', { class: 'sr-only' }, label)];
      return h('li', { class: 'avatar', style: `--avatar: ${person.color}`, title: label, dataset: { clientIds: person.clientIds.join(' ') } },
        // Your own avatar changes your name (the only way on a narrow screen, where the name button is hidden).
        person.self ? h('button', { 'aria-label': `${label}: change your name`, onclick: () => nameDialog.open() }, ...face) : face);
    }));
  }

  // quill-cursors fixes a cursor's colour when it is made: one whose person now shows another colour is made again.
  const cursorColors = new Map(); // clientId → the colour its cursor is drawn in, when not the one it announced
  function recolourCursors(present) {
    const cursors = quill.getModule('cursors');
    const remote = new Map(binding.users().map((user) => [user.clientId, user]));
    for (const id of [...cursorColors.keys()]) if (!remote.has(id)) cursorColors.delete(id);
    for (const person of present) {
      for (const id of person.clientIds) {
        const user = remote.get(id);
        if (!user || (cursorColors.get(id) ?? user.color) === person.color) continue;
        drawCursor(() => {
          cursors.removeCursor(id);
          cursors.createCursor(id, user.name, person.color);
          cursors.moveCursor(id, user.range);
        });
        cursorColors.set(id, person.color);
      }
    }
  }

  // A new document (empty, still "Untitled") invites its name first: the title is focused and selected, so
  // typing names it, and Enter moves on to the text. Nothing is taken from a user who has focused something.
  function offerToName(welcome) {
    if (readOnly || welcome.role === 'view' || document.activeElement !== document.body) return;
    if (welcome.title === 'Untitled' && quill.getLength() <= 1) {
      titleInput.focus();
      titleInput.select();
    }
  }

  function rename(name) {
    me.name = displayName(name);
    saveName(me.name === 'Anonymous' ? '' : me.name);
    session.name = me.name;
    nameButton.textContent = me.name;
    renderPeople();
    connection.restart(); // the name travels in hello; the session resumes where it was
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
    if (detail?.code === 4403 || detail?.code === 4401) forgetLink(documentId);
    banner.hidden = false;
    banner.replaceChildren(h('p', {}, why), h('a', { href: '/' }, 'Back to documents'));
  }

  renderPeople();
  renderStatus();
  // Test and debugging handle; nothing in the page depends on it.
  window.__quire = { quill, session, connection, binding, history };
}

/** Keeps --topbar-height equal to the sticky header's height, so what sticks below it is never covered. */
function followHeaderHeight(header) {
  const root = document.documentElement;
  const set = () => root.style.setProperty('--topbar-height', `${Math.ceil(header.getBoundingClientRect().height)}px`);
  new ResizeObserver(set).observe(header);
  set();
}

function makeNameDialog(onSave) {
  const input = h('input', { id: 'name-input', 'aria-label': 'Display name', maxlength: '60', autocomplete: 'nickname' });
  const form = h('form', { method: 'dialog' },
    h('h2', {}, 'Your name'),
    h('p', { class: 'muted' }, 'Shown to others next to your cursor. Remembered in this browser.'),
    input,
    // Cancel is not a submit button: Enter in the field submits the form with its default button, which must be Save.
    h('div', { class: 'dialog-actions' },
      h('button', { class: 'button', type: 'button', onclick: () => element.close('cancel') }, 'Cancel'),
      h('button', { class: 'button primary', value: 'ok' }, 'Save')));
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
