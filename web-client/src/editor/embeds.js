// Which embeds the editor shows, and a stand-in for the rest. Quire's server accepts only images
// ({"image": url}, docs/protocol.md "Embeds"), but a document stored before that rule may hold any
// embed. Quill throws on an embed it has no blot for ("Unable to create bogus blot") and stops
// rendering there; its document is then shorter than the server's, so every later edit lands at the
// wrong place. So every delta from the server passes through forEditor before Quill sees it: an
// embed the editor cannot show becomes a placeholder embed, still one unit long, so positions agree
// with the server's and edits around it (or deleting it) work as usual.
// Pure: quill-delta only, no DOM.

import Delta from 'quill-delta';

/** The blot name of the placeholder; its value is the original embed's type, shown to the user. */
export const PLACEHOLDER = 'quire-unsupported';

const MAX_TYPE_SHOWN = 40;

/** Whether Quire's editor shows this embed: exactly one key, `image`, holding a URL string (as the server requires). */
export function isSupportedEmbed(embed) {
  if (embed === null || typeof embed !== 'object' || Array.isArray(embed)) return false;
  const keys = Object.keys(embed);
  return keys.length === 1 && keys[0] === 'image' && typeof embed.image === 'string';
}

/**
 * The delta Quill may apply: every insert of an embed the editor cannot show replaced by a
 * placeholder of the same length and attributes. Retains, deletes and text are unchanged, so the
 * result has the same length and positions as `delta`.
 * @param {Delta | {ops: object[]}} delta
 * @returns {Delta}
 */
export function forEditor(delta) {
  const ops = delta.ops ?? [];
  if (!ops.some(isUnsupportedInsert)) return delta instanceof Delta ? delta : new Delta(ops);
  return new Delta(ops.map((op) => (isUnsupportedInsert(op) ? { ...op, insert: { [PLACEHOLDER]: typeOf(op.insert) } } : op)));
}

/**
 * `delta` without inserts of embeds the server would refuse (a pasted video frame, a formula, a
 * copied placeholder): a paste must not turn into an op the server refuses, which would cost the
 * user their edit.
 * @param {Delta} delta
 * @returns {Delta}
 */
export function withoutUnsupportedEmbeds(delta) {
  if (!delta.ops.some(isUnsupportedInsert)) return delta;
  return new Delta(delta.ops.filter((op) => !isUnsupportedInsert(op)));
}

function isUnsupportedInsert(op) {
  return op.insert !== undefined && typeof op.insert !== 'string' && !isSupportedEmbed(op.insert);
}

function typeOf(embed) {
  const key = embed !== null && typeof embed === 'object' ? Object.keys(embed)[0] : undefined;
  if (typeof key !== 'string' || key === '') return 'embed';
  return key.length > MAX_TYPE_SHOWN ? `${key.slice(0, MAX_TYPE_SHOWN)}…` : key;
}
