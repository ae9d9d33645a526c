import { test } from 'node:test';
import assert from 'node:assert/strict';
import Delta from 'quill-delta';

test('quill-delta resolves at the pinned version and composes', () => {
  const doc = new Delta().insert('Hello\n');
  const edit = new Delta().retain(5).insert(' world');
  assert.deepEqual(doc.compose(edit).ops, [{ insert: 'Hello world\n' }]);
});
