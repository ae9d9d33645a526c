// The peer benchmark's harness works: `bench.mjs --smoke` drives each of the three servers for a
// few seconds, and at the end every client of each holds exactly the server's document (the
// generator's convergence check), with acks and fan-out measured. Needs the built Quire jar.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Delta from 'quill-delta';
import { generatorArgv, parseGeneratorArgv } from './generate.mjs';
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

test('a value beginning with - reaches the generator: a Quire document id may begin with one', () => {
  const run = {
    server: 'quire', url: 'http://127.0.0.1:8080', doc: '-x_-9', 'server-pid': 123, clients: 10, writers: 2, rate: 100,
    warmup: 1, window: 2, seed: 7, 'server-cpu': 0, 'generator-cpu': 1,
  };
  const o = parseGeneratorArgv(generatorArgv(run));
  assert.equal(o.doc, '-x_-9');
  assert.equal(o.url, 'http://127.0.0.1:8080');
  assert.deepEqual([o.serverPid, o.clients, o.writers, o.rate, o.seed], [123, 10, 2, 100, 7]);
  assert.throws(() => generatorArgv({ ...run, docs: 'x' }), /no option --docs/);
});
