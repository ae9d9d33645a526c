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
import { applyAtIndex } from './hocuspocus-client.mjs';
import { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { Interner } from './interner.mjs';
import { OtReplica, canonical } from './ot-replica.mjs';
import { PROTOCOL, QuireClient, replayQuire } from './quire-client.mjs';
import { FrameReader, waitUntil } from './socket.mjs';
import { Tracker } from './tracker.mjs';
import { SEED_OPS, nextEdit, seededRandom } from './workload.mjs';

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

test('the floor server serves the smoke run: every op reaches every other client, fan-out measured', { timeout: 120_000 }, () => {
  const run = spawnSync(process.execPath, [join(HERE, 'bench.mjs'), '--smoke', '--servers', 'floor'], { encoding: 'utf8', timeout: 110_000 });
  assert.equal(run.status, 0, `bench.mjs --smoke --servers floor failed:\n${run.stderr}\n${run.stdout}`);
  const row = run.stdout.split('\n').find((line) => line.startsWith('| 10 clients'));
  const cells = row.split('|').map((c) => c.trim());
  assert.equal(cells[2], 'floor');
  assert.match(cells[4], /^\d/, `no fan-out measured: ${row}`);
  assert.match(run.stderr, /undelivered 0,/, `an op missed a client: ${run.stderr}`);
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

test('a replica that folds its changes late holds what composing each change at once gives', { timeout: 30_000 }, () => {
  const seed = Date.now() % 1_000_000;
  console.log(`seed ${seed}`);
  const random = seededRandom(seed);
  const content = [{ insert: 'Some text\n' }, { insert: 'bold\n', attributes: { bold: true } }];
  const replica = new OtReplica(content, 0);
  let reference = new Delta(content);
  for (let i = 0; i < 500; i++) {
    if (random() < 0.5) {
      const edit = new Delta(nextEdit(random, replica.length));
      reference = reference.compose(edit);
      replica.local(edit);
      if (random() < 0.3) {
        replica.acked();
      }
    } else {
      // an op from the server: the writer's pending ops are acknowledged first, so it applies as it is
      while (!replica.idle) {
        replica.acked();
      }
      const op = new Delta(nextEdit(random, replica.length));
      reference = reference.compose(op);
      replica.remote(op);
    }
    assert.equal(replica.length, reference.length(), `seed ${seed}, edit ${i}`);
    if (i % 100 === 99) {
      assert.equal(canonical(replica.doc), canonical(reference), `seed ${seed}, edit ${i}`);
    }
  }
  assert.equal(canonical(replica.doc), canonical(reference), `seed ${seed}`);
});

test('a Quire client takes an ops message (protocol 3) as the op messages it carries, in order', { timeout: 30_000 }, async () => {
  const hellos = [];
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  server.on('connection', (socket) => socket.on('message', (data) => {
    hellos.push(JSON.parse(data.toString()));
    socket.send(JSON.stringify({ type: 'welcome', protocol: 2, version: 0, clientId: `c${hellos.length}`, content: { ops: [{ insert: 'x\n' }] } }));
    socket.send(JSON.stringify({ type: 'op', version: 1, clientId: 'w', seq: 1, delta: { ops: [{ insert: 'a' }] } }));
    socket.send(JSON.stringify({ type: 'ops', ops: [
      { version: 2, clientId: 'w', seq: 2, delta: { ops: [{ retain: 1 }, { insert: 'b' }] } },
      { version: 3, clientId: 'v', seq: 1, delta: { ops: [{ retain: 2 }, { delete: 1 }] } }] }));
  }));
  try {
    const tracker = new Tracker(2);
    for (const key of ['w:1', 'w:2', 'v:1']) {
      tracker.sent(key, tracker.now());
    }
    const interner = new Interner();
    const url = `http://127.0.0.1:${server.address().port}`;
    const observer = new QuireClient({ url, docId: 'd', writer: false, tracker, interner });
    const writer = new QuireClient({ url, docId: 'd', writer: true, tracker, interner });
    await observer.join();
    await writer.join();
    await waitUntil(() => tracker.undelivered === 0, 'both clients to have the three ops', 10_000);
    const expected = canonical([{ insert: 'ab\n' }]);
    assert.equal(replayQuire(observer.log.map((id) => interner.value(id))), expected);
    assert.equal(writer.replica(), expected);
    assert.equal(writer.writer.replica.version, 3);
    assert.deepEqual(hellos.map((h) => h.protocol), [PROTOCOL, PROTOCOL]);
    observer.close();
    writer.close();
  } finally {
    server.close();
  }
});

test('the frame reader cuts frames out of reads split anywhere, puts fragments together and passes control frames on', () => {
  const frame = (byte0, payload) => {
    const n = payload.length;
    const head = n < 126 ? Buffer.from([byte0, n]) : Buffer.from([byte0, 126, n >> 8, n & 0xff]);
    return Buffer.concat([head, payload]);
  };
  const long = Buffer.from('x'.repeat(300));
  const stream = Buffer.concat([
    frame(0x81, Buffer.from('{"type":"op"}')), // text, final
    frame(0x89, Buffer.from('hi')), // ping
    frame(0x82, long), // binary, 16-bit length
    frame(0x01, Buffer.from('fir')), // text, first fragment
    frame(0x80, Buffer.from('st')), // continuation, final
  ]);
  for (const cut of [1, 2, 3, 5, 17, 64, stream.length]) {
    const messages = [];
    const controls = [];
    const reader = new FrameReader((m) => messages.push(m.toString('latin1')), (op, p) => controls.push(`${op}:${p}`));
    const scratch = Buffer.alloc(stream.length);
    for (let at = 0; at < stream.length; at += cut) {
      // each read lands at the start of a reused buffer, as the sockets' shared read buffer does
      const n = stream.copy(scratch, 0, at, Math.min(stream.length, at + cut));
      reader.read(scratch, 0, n);
      scratch.fill(0);
    }
    assert.deepEqual(messages, ['{"type":"op"}', long.toString('latin1'), 'first'], `reads of ${cut} bytes`);
    assert.deepEqual(controls, ['9:hi'], `reads of ${cut} bytes`);
  }
});

test("a Hocuspocus writer's edits through Y.Text's index calls make the same updates as applyDelta", () => {
  const seed = Date.now();
  console.log(`seed ${seed}`);
  // Two worlds of three writers each, one editing with applyDelta, the other with index calls, from
  // the same choices; each writer takes the others' updates a few edits late, so edits are concurrent.
  const world = (apply) => {
    const docs = [1, 2, 3].map((id) => {
      const doc = new Y.Doc();
      doc.clientID = id;
      return doc;
    });
    docs[0].getText('t').applyDelta(SEED_OPS);
    for (const doc of docs.slice(1)) {
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(docs[0]));
    }
    return { docs, apply, pending: docs.map(() => []) };
  };
  const worlds = [world((text, ops) => text.applyDelta(ops)), world(applyAtIndex)];
  const random = seededRandom(seed);
  for (let i = 0; i < 1500; i++) {
    const writer = Math.floor(random() * 3);
    const deliver = random() < 0.3;
    const choices = random();
    const updates = worlds.map((w) => {
      const doc = w.docs[writer];
      if (deliver) {
        Y.transact(doc, () => w.pending[writer].splice(0).forEach((u) => Y.applyUpdate(doc, u)), null, false);
      }
      const text = doc.getText('t');
      const before = Y.encodeStateVector(doc);
      const ops = nextEdit(seededRandom(choices), text.length);
      doc.transact(() => w.apply(text, ops));
      const update = Y.encodeStateAsUpdate(doc, before);
      w.pending.forEach((list, other) => other !== writer && list.push(update));
      return update;
    });
    assert.deepEqual(updates[1], updates[0], `edit ${i} (seed ${seed})`);
  }
  for (const w of worlds) {
    w.docs.forEach((doc, i) => w.pending[i].forEach((u) => Y.applyUpdate(doc, u)));
  }
  const texts = worlds.flatMap((w) => w.docs.map((doc) => canonical(doc.getText('t').toDelta())));
  assert.equal(new Set(texts).size, 1, `the six documents differ (seed ${seed})`);
});
