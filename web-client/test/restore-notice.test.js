// What others read when someone restores a saved version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { restoreNotice } from '../src/pages/restore-notice.js';
import { triggerWords } from '../src/editor/status.js';

test('names who restored which version, and where the replaced text is', () => {
  assert.equal(restoreNotice({ trigger: 'restore', savedBy: 'Ada', label: 'Restored version 3' }),
    'Ada restored version 3. What was there before is in History.');
  assert.equal(restoreNotice({ trigger: 'restore', savedBy: '', label: null }),
    'Someone restored an earlier version. What was there before is in History.');
});

test('history lists a restore as restored by whom', () => {
  assert.equal(triggerWords({ trigger: 'restore', savedBy: 'Ada' }), 'Restored by Ada');
});
