import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Delta from 'quill-delta';

// The web client and the Java tests' oracle (server/src/test/node) must run the same quill-delta: the differential
// tests prove the Java OT agrees with the oracle, which only says something about the browser if both are one version.
const require = createRequire(import.meta.url);
const readJson = (url) => JSON.parse(readFileSync(new URL(url, import.meta.url), 'utf8'));
const pinned = readJson('../package.json').dependencies['quill-delta'];
const oraclePinned = readJson('../../server/src/test/node/package.json').dependencies['quill-delta'];
const installed = JSON.parse(readFileSync(require.resolve('quill-delta/package.json'), 'utf8')).version;

test('quill-delta is pinned to an exact version', () => {
  assert.match(pinned, /^\d+\.\d+\.\d+$/, `web-client/package.json pins quill-delta exactly, not "${pinned}"`);
});

test('the web client and the OT test oracle pin the same quill-delta', () => {
  assert.equal(oraclePinned, pinned, 'server/src/test/node/package.json and web-client/package.json differ');
});

test('the installed quill-delta is the pinned one', () => {
  assert.equal(installed, pinned, 'node_modules holds another quill-delta than package.json pins (run npm ci)');
});

test('quill-delta composes as the client relies on', () => {
  const doc = new Delta().insert('Hello\n');
  const edit = new Delta().retain(5).insert(' world');
  assert.deepEqual(doc.compose(edit).ops, [{ insert: 'Hello world\n' }]);
});
