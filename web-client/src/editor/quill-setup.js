// Creates the Quill editor: snow theme, our toolbar, history limited to the user's own edits,
// remote cursors, a refusal of pasted/dropped images (no upload endpoint yet, and base64
// blobs must never enter a document), no pasted embeds the server refuses (video, formula), and a
// placeholder for embeds it cannot show.

import Quill from 'quill';
import QuillCursors from 'quill-cursors/core'; // styles come from quill-cursors/css in main.js
import Delta from 'quill-delta';
import { withoutUnsupportedEmbeds } from './embeds.js';
import './placeholder-embed.js';

Quill.register('modules/cursors', QuillCursors);

export const TOOLBAR = [
  [{ header: [1, 2, 3, false] }],
  ['bold', 'italic', 'underline', 'strike'],
  [{ list: 'ordered' }, { list: 'bullet' }],
  ['link', 'blockquote', 'code-block'],
  ['clean'],
];

const LABELS = {
  bold: 'Bold', italic: 'Italic', underline: 'Underline', strike: 'Strikethrough',
  'list: ordered': 'Numbered list', 'list: bullet': 'Bulleted list', link: 'Link',
  blockquote: 'Quote', 'code-block': 'Code block', clean: 'Clear formatting',
};

const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/svg+xml', 'image/bmp', 'image/avif'];

export const IMAGE_REFUSAL = 'Images can’t be added yet: Quire has no image upload. Paste a link to the image instead.';

/**
 * @param {HTMLElement} container
 * @param {(message: string) => void} notify shows a message to the user
 */
export function createQuill(container, notify) {
  const quill = new Quill(container, {
    theme: 'snow',
    placeholder: 'Start writing…',
    readOnly: true, // until the document is loaded
    modules: {
      toolbar: TOOLBAR,
      history: { userOnly: true, delay: 800, maxStack: 200 },
      cursors: { hideDelayMs: 5000, transformOnTextChange: false, selectionChangeSource: null },
      uploader: {
        mimetypes: IMAGE_TYPES,
        handler() {
          notify(IMAGE_REFUSAL);
        },
      },
      clipboard: {
        matchers: [
          ['IMG', (node, delta) => refuseEmbeddedImage(node, delta, notify)],
          [Node.ELEMENT_NODE, (node, delta) => withoutUnsupportedEmbeds(delta)],
        ],
      },
    },
  });
  labelToolbar(quill);
  labelEditor(quill);
  keepShortcutsInQuill(quill);
  return quill;
}

// The text area is a contenteditable div: without a role and a name a screen reader announces an unnamed group.
function labelEditor(quill) {
  quill.root.setAttribute('role', 'textbox');
  quill.root.setAttribute('aria-multiline', 'true');
  quill.root.setAttribute('aria-label', 'Document text');
}

/**
 * With Caps Lock on, Ctrl+B arrives as key "B". Quill's bindings are for "b", so Quill lets it pass and
 * Chromium runs its own execCommand bold on the DOM: the page then shows formatting that is not in the
 * document. A shortcut letter that arrives in capitals without Shift is handed to Quill as the lower-case
 * letter (the key the user pressed); when a Quill binding takes it, the browser's own action is cancelled.
 * Capitals with Shift (Ctrl+Shift+Z: redo) are Quill's own bindings and pass untouched.
 */
function keepShortcutsInQuill(quill) {
  quill.root.addEventListener('keydown', (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
    if (!/^[A-Z]$/.test(event.key) || event.defaultPrevented) return;
    const lower = new KeyboardEvent('keydown', {
      key: event.key.toLowerCase(), code: event.code, ctrlKey: event.ctrlKey, metaKey: event.metaKey,
      cancelable: true, // not bubbling: only Quill's own listener on its root is asked
    });
    quill.root.dispatchEvent(lower);
    if (lower.defaultPrevented) event.preventDefault();
  }, { capture: true });
}

// Pasted HTML: images by http(s) URL are harmless links to elsewhere; data: and blob: images are
// the base64 blobs we refuse.
function refuseEmbeddedImage(node, delta, notify) {
  const src = node.getAttribute('src') || '';
  if (/^https?:\/\//i.test(src)) return delta;
  notify(IMAGE_REFUSAL);
  return new Delta();
}

function labelToolbar(quill) {
  const toolbar = quill.getModule('toolbar').container;
  toolbar.setAttribute('role', 'toolbar');
  toolbar.setAttribute('aria-label', 'Formatting');
  for (const button of toolbar.querySelectorAll('button')) {
    const format = button.className.replace(/^ql-/, '').split(' ')[0];
    const key = button.value ? `${format}: ${button.value}` : format;
    if (LABELS[key]) {
      button.setAttribute('aria-label', LABELS[key]);
      button.title = LABELS[key];
    }
  }
  const header = toolbar.querySelector('.ql-header .ql-picker-label');
  if (header) header.setAttribute('aria-label', 'Text style');
}
