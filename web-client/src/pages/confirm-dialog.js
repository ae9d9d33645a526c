// A modal yes/no question (<dialog> with a form), shared by the pages that ask before destroying or
// replacing something. Cancel has the focus, so Enter never confirms by accident.
import { h } from '../dom.js';

/**
 * @param {{id: string, confirmLabel: string, confirmClass: string, confirmId: string}} options
 * @returns {{element: HTMLDialogElement, ask(question: string, detail: string): Promise<boolean>}}
 */
export function confirmDialog({ id, confirmLabel, confirmClass, confirmId }) {
  const title = h('h2', { id });
  const text = h('p');
  const cancel = h('button', { class: 'button', value: 'cancel' }, 'Cancel');
  const ok = h('button', { class: `button ${confirmClass}`, value: 'ok', id: confirmId }, confirmLabel);
  const form = h('form', { method: 'dialog' }, title, text, h('div', { class: 'dialog-actions' }, cancel, ok));
  const element = h('dialog', { class: 'dialog', 'aria-labelledby': id }, form);
  return {
    element,
    ask(question, detail) {
      title.textContent = question;
      text.textContent = detail;
      element.returnValue = '';
      element.showModal();
      cancel.focus();
      return new Promise((resolve) => element.addEventListener('close', () => resolve(element.returnValue === 'ok'), { once: true }));
    },
  };
}
