// The peer benchmark's harness works: `bench.mjs --smoke` drives each of the three servers for a
// few seconds, and at the end every client of each holds exactly the server's document (the
// generator's convergence check), with acks and fan-out measured. Needs the built Quire jar.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Delta from 'quill-delta';
import { OtReplica } from './ot-replica.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));

test('the smoke run drives Quire, ShareDB and Hocuspocus and every client converges', { timeout: 600_000 }, () => {
  const run = spawnSync(process.execPath, [join(HERE, 'bench.mjs'), '--smoke'], { encoding: 'utf8', timeout: 590_000 });
  assert.equal(run.status, 0, `bench.mjs --smoke failed:\n${run.stderr}\n${run.stdout}`);
  const rows = run.stdout.split('\n').filter((line) => line.startsWith('| 10 clients'));
  assert.deepEqual(rows.map((r) => r.split('|')[2].trim()), ['sharedb', 'hocuspocus', 'quire']);
  for (const row of rows) {
    const cells = row.split('|').map((c) => c.trim());
    assert.equal(cells.at(-2), '1/1', `not converged: ${row}`);
    assert.match(cells[4], /^\d/, `no fan-out measured: ${row}`);
  }
});

test('a writer transforms an op from the server past its in-flight op and buffer, the server op first on a tie', () => {
  const replica = new OtReplica([{ insert: 'ab\n' }], 0);
  replica.local(new Delta().retain(1).insert('X')); // in flight
  replica.local(new Delta().retain(2).insert('Y')); // buffered
  replica.remote(new Delta().retain(1).insert('S')); // committed first at the same place
  assert.deepEqual(replica.doc.ops, [{ insert: 'aSXYb\n' }]);
  assert.equal(replica.version, 1);
  assert.deepEqual(replica.acked().ops, [{ retain: 3 }, { insert: 'Y' }]);
  assert.equal(replica.version, 2);
});
