// The placeholder Quill shows for an embed it cannot render (see embeds.js): an inline, uneditable
// label naming the embed's type. The type comes from the document, so it is set as text, never as
// HTML. Importing this module registers the blot, for every Quill on the page.

import Quill from 'quill';
import { PLACEHOLDER } from './embeds.js';

const Embed = Quill.import('blots/embed');

class UnsupportedEmbed extends Embed {
  static blotName = PLACEHOLDER;
  static className = 'ql-unsupported-embed';
  static tagName = 'SPAN';

  static create(value) {
    const node = super.create(value);
    const type = typeof value === 'string' && value ? value : 'embed';
    node.setAttribute('data-type', type);
    node.setAttribute('role', 'img');
    node.setAttribute('aria-label', `Content this editor cannot show (${type})`);
    node.title = `This part of the document (${type}) cannot be shown here. You can delete it or write around it.`;
    node.textContent = `[${type}]`;
    return node;
  }

  static value(node) {
    return node.getAttribute('data-type');
  }
}

Quill.register(UnsupportedEmbed, true);
