// The editor page's history panel: saved versions from the REST API (docs/rest.md), a read-only
// preview of one, and restore with confirmation. The preview renders the saved JSON Delta into a
// read-only Quill (no toolbar, no HTML parsing of server text), so it looks like the editor and
// cannot run anything. A restore goes through the server's hub: the live editor changes by the
// normal op path, nothing here touches it.
import Quill from 'quill';
import { h } from '../dom.js';
import { getSave, listSaves, restoreSave } from '../api.js';
import { triggerWords } from '../editor/status.js';
import { forEditor } from '../editor/embeds.js';
import '../editor/placeholder-embed.js';
import { confirmDialog } from './confirm-dialog.js';

/**
 * @param {string} documentId
 * @param {object} options
 * @param {(message: string, options?: object) => void} options.notify
 * @param {() => string} [options.restorer] the display name a restore is recorded under
 * @returns {{element, toggleButton, open(), close(), refresh(), readOnly(), isOpen: boolean, restoring: boolean}}
 */
export function createHistoryPanel(documentId, { notify, restorer = () => '' }) {
  const list = h('ol', { class: 'history-list', id: 'history-list', 'aria-label': 'Saved versions' });
  const message = h('p', { class: 'muted history-message', id: 'history-message', role: 'status' });
  const previewTitle = h('h3', { class: 'history-preview-title', id: 'history-preview-title' });
  const previewMeta = h('p', { class: 'muted history-preview-meta' });
  const previewHost = h('div', { class: 'history-preview-content' });
  const restoreButton = h('button', { class: 'button primary', id: 'history-restore', onclick: () => restore() }, 'Restore this version');
  const preview = h('section', { class: 'history-preview', id: 'history-preview', hidden: true, 'aria-labelledby': 'history-preview-title' },
    previewTitle, previewMeta, previewHost, h('div', { class: 'history-preview-actions' }, restoreButton));
  const closeButton = h('button', { class: 'button small', id: 'history-close', 'aria-label': 'Close history', onclick: () => close() }, 'Close');
  const element = h('aside', { class: 'history-panel', id: 'history', hidden: true, 'aria-labelledby': 'history-heading' },
    h('div', { class: 'history-head' }, h('h2', { id: 'history-heading' }, 'History'), closeButton),
    message, list, preview);
  const toggleButton = h('button', {
    class: 'button', id: 'history-toggle', 'aria-expanded': 'false', 'aria-controls': 'history', onclick: () => (panel.isOpen ? close() : open()),
  }, 'History');
  const confirm = confirmDialog({ id: 'restore-title', confirmLabel: 'Restore', confirmClass: 'primary', confirmId: 'confirm-restore' });
  element.append(confirm.element);

  let viewer = null; // the read-only Quill, made on first preview
  let selected = null; // the save being previewed
  let loading = 0; // guards against answers arriving out of order

  element.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !confirm.element.open) {
      event.preventDefault();
      close();
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') moveFocus(event);
  });

  const panel = {
    element,
    toggleButton,
    isOpen: false,
    /** A restore of ours is under way (its `saved` needs no notice here: this panel confirms it). */
    restoring: false,
    open,
    close,
    refresh,
    /** A viewer may look at saved versions but not restore one (the server would refuse it anyway). */
    readOnly() {
      restoreButton.hidden = true;
    },
  };

  function open() {
    panel.isOpen = true;
    element.hidden = false;
    toggleButton.setAttribute('aria-expanded', 'true');
    document.body.classList.add('history-open');
    refresh().then(() => (list.querySelector('button') ?? closeButton).focus());
  }

  function close() {
    panel.isOpen = false;
    element.hidden = true;
    toggleButton.setAttribute('aria-expanded', 'false');
    document.body.classList.remove('history-open');
    toggleButton.focus();
  }

  async function refresh() {
    const ticket = ++loading;
    if (!list.childElementCount) message.textContent = 'Loading saved versions…';
    let saves;
    try {
      saves = await listSaves(documentId);
    } catch (e) {
      if (ticket === loading) message.textContent = e.unavailable ? 'This server keeps no saved versions.' : `Could not load history: ${e.message}`;
      return;
    }
    if (ticket !== loading) return;
    message.textContent = saves.length ? '' : 'No saved versions yet. Save with the Save button or Ctrl+S.';
    const focusedNumber = document.activeElement?.closest?.('.history-item')?.dataset.number;
    list.replaceChildren(...saves.map((save) => {
      const current = selected?.number === save.number;
      const button = h('button', {
        class: 'history-item', 'aria-current': current ? 'true' : null, dataset: { number: String(save.number) }, onclick: () => select(save),
      },
      h('span', { class: 'history-number' }, `Version ${save.number}`),
      h('span', { class: 'history-who' }, triggerWords(save)),
      save.savedAt ? h('time', { class: 'history-when muted', datetime: save.savedAt.toISOString() }, formatWhen(save.savedAt)) : null,
      save.label ? h('span', { class: 'history-label' }, save.label) : null);
      return h('li', {}, button);
    }));
    if (focusedNumber) list.querySelector(`[data-number="${focusedNumber}"]`)?.focus();
  }

  async function select(save) {
    selected = save;
    for (const item of list.querySelectorAll('.history-item')) {
      if (item.dataset.number === String(save.number)) item.setAttribute('aria-current', 'true');
      else item.removeAttribute('aria-current');
    }
    preview.hidden = false;
    previewTitle.textContent = `Version ${save.number}${save.label ? ` — ${save.label}` : ''}`;
    previewMeta.textContent = [triggerWords(save), save.savedAt ? formatWhen(save.savedAt) : null].filter(Boolean).join(' · ');
    restoreButton.disabled = true;
    const ticket = ++loading;
    try {
      const full = await getSave(documentId, save.number);
      if (ticket !== loading || selected !== save) return;
      viewer ??= new Quill(previewHost, { theme: 'snow', readOnly: true, modules: { toolbar: false } });
      viewer.setContents(forEditor(full.content), 'silent');
      previewHost.querySelector('.ql-editor')?.setAttribute('aria-label', `Content of version ${save.number} (read-only)`);
      restoreButton.disabled = false;
    } catch (e) {
      if (ticket === loading) notify(`Could not load version ${save.number}: ${e.message}`, { tone: 'error' });
    }
  }

  async function restore() {
    if (!selected) return;
    const save = selected;
    const ok = await confirm.ask(`Restore version ${save.number}?`,
      'The document changes to this version for everyone editing it, as a new version. What it holds now is saved first, so nothing is lost.');
    if (!ok) {
      restoreButton.focus();
      return;
    }
    restoreButton.disabled = true;
    panel.restoring = true;
    try {
      await restoreSave(documentId, save.number, { by: restorer() });
      notify(`Version ${save.number} restored.`);
      await refresh();
    } catch (e) {
      notify(`Could not restore version ${save.number}: ${e.message}`, { tone: 'error' });
    } finally {
      panel.restoring = false;
      restoreButton.disabled = false;
    }
  }

  function moveFocus(event) {
    const items = [...list.querySelectorAll('.history-item')];
    const index = items.indexOf(document.activeElement);
    if (index < 0) return;
    event.preventDefault();
    const next = items[Math.min(items.length - 1, Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)))];
    next.focus();
  }

  return panel;
}

function formatWhen(date) {
  const sameDay = date.toDateString() === new Date().toDateString();
  return sameDay
    ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
    : date.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
