// A seeded multi-client simulation: several Sessions (the client's real protocol code) edit one
// document through an in-memory server model over lossy connections that drop and resume. At the
// end every client must hold the server's content, and every op must be committed exactly once.
// A failing run prints its seed; QUIRE_SIM_SEED=<seed> replays it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Delta from 'quill-delta';
import { Session } from '../src/net/session.js';
import { ServerModel } from '../test-support/server-model.js';

function rng(seed) { // mulberry32
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class SimClient {
  constructor(id, server, random) {
    this.id = id;
    this.server = server;
    this.random = random;
    this.doc = new Delta();
    this.toServer = [];
    this.toClient = [];
    this.connection = null;
    this.sentSeqs = new Set();
    this.session = new Session({ name: id }, {
      send: (m) => {
        if (m.type === 'op') this.sentSeqs.add(m.seq);
        this.toServer.push(JSON.parse(JSON.stringify(m)));
      },
      apply: (d) => { this.doc = this.doc.compose(d); },
      reset: (c) => { this.doc = new Delta(c); },
      lost: (d) => { throw new Error(`${id} lost edits ${JSON.stringify(d.ops)}`); },
      desync: (r) => { throw new Error(`${id} desync: ${r}`); },
      rejected: (e) => { throw new Error(`${id} op rejected: ${JSON.stringify(e)}`); },
      error: (e) => { throw new Error(`${id} error: ${JSON.stringify(e)}`); },
    });
  }

  get online() { return this.connection !== null; }

  connect() {
    this.toServer = [];
    this.toClient = [];
    const inbox = this.toClient;
    this.connection = this.server.connect((m) => inbox.push(m));
    this.session.connectionOpened();
  }

  // The socket dies: frames still queued either direction may or may not have made it.
  disconnect() {
    for (const m of this.toServer) if (this.random() < 0.5) this.server.receive(this.connection, m);
    this.server.disconnect(this.connection);
    this.connection = null;
    this.toServer = [];
    this.toClient.length = 0;
    this.session.connectionClosed();
  }

  deliverToServer() { this.server.receive(this.connection, this.toServer.shift()); }

  deliverToClient() { this.session.receive(this.toClient.shift()); }

  edit() {
    if (!this.session.loaded) return;
    const length = this.doc.length(); // includes the final newline, which must stay
    const r = this.random();
    const at = Math.floor(this.random() * length);
    let change;
    if (r < 0.55 || length <= 1) {
      const text = this.random() < 0.1 ? '\n' : String.fromCharCode(97 + Math.floor(this.random() * 26)).repeat(1 + Math.floor(this.random() * 3));
      change = new Delta().retain(at).insert(text, this.random() < 0.2 ? { bold: true } : undefined);
    } else if (r < 0.85) {
      const n = Math.min(1 + Math.floor(this.random() * 4), length - 1 - at);
      if (n <= 0) return;
      change = new Delta().retain(at).delete(n);
    } else {
      const n = Math.min(1 + Math.floor(this.random() * 5), length - 1 - at);
      if (n <= 0) return;
      change = new Delta().retain(at).retain(n, { italic: this.random() < 0.5 ? true : null });
    }
    this.doc = this.doc.compose(change);
    this.session.local(change);
  }
}

function simulate(seed, { clients = 3, steps = 400, resumeWindow = Infinity } = {}) {
  const random = rng(seed);
  const server = new ServerModel({ resumeWindow });
  const sims = Array.from({ length: clients }, (_, i) => new SimClient(`c${i}`, server, random));
  sims.forEach((c) => c.connect());
  for (let i = 0; i < steps; i++) {
    const c = sims[Math.floor(random() * sims.length)];
    const r = random();
    if (!c.online) {
      if (r < 0.3) c.connect();
      else c.edit(); // typing while offline
    } else if (r < 0.35) c.edit();
    else if (r < 0.6 && c.toServer.length) c.deliverToServer();
    else if (r < 0.95 && c.toClient.length) c.deliverToClient();
    else if (r < 0.98) c.disconnect();
  }
  // Heal: everyone online, drain every queue until quiet.
  sims.forEach((c) => { if (!c.online) c.connect(); });
  for (let guard = 0; sims.some((c) => c.toServer.length || c.toClient.length); guard++) {
    assert.ok(guard < 100000, 'the system settles');
    for (const c of sims) {
      while (c.toServer.length) c.deliverToServer();
      while (c.toClient.length) c.deliverToClient();
    }
  }
  for (const c of sims) {
    assert.ok(c.session.settled, `${c.id} has everything acknowledged`);
    assert.deepEqual(c.doc.ops, server.content.ops, `${c.id} converged to the server's content`);
    const committed = server.log.filter((e) => e.clientId === c.session.clientId).map((e) => e.seq);
    assert.equal(new Set(committed).size, committed.length, `${c.id}: no op committed twice`);
    if (resumeWindow === Infinity) {
      assert.deepEqual(committed.sort((a, b) => a - b), [...c.sentSeqs].sort((a, b) => a - b),
        `${c.id}: every op sent was committed exactly once`);
    } // else an op in flight at a full welcome is merged and sent again under a new seq, never resent as it was
  }
  return server;
}

test('seeded multi-client simulation converges with exactly-once commits', () => {
  const base = Number(process.env.QUIRE_SIM_SEED ?? Date.now() % 1e9);
  const runs = process.env.QUIRE_SIM_SEED ? 1 : 40;
  let ops = 0;
  for (let i = 0; i < runs; i++) {
    const seed = base + i;
    try {
      ops += simulate(seed).log.length;
    } catch (e) {
      e.message = `seed ${seed} (QUIRE_SIM_SEED=${seed} npm test): ${e.message}`;
      throw e;
    }
  }
  console.log(`simulation: seeds ${base}..${base + runs - 1}, ${ops} ops committed`);
  assert.ok(ops > runs * 10, 'the simulation did real work');
});

test('regression seeds stay green', () => {
  for (const seed of [1, 2, 3, 42, 12345]) simulate(seed, { clients: 4, steps: 600 });
  // An edit at the end of the document carried past the final newline by a merge's diff.
  simulate(610592468, { resumeWindow: 2 });
});

test('with a tiny resume window, full welcomes merge the pending edits: everyone converges, nothing is committed twice', () => {
  const base = Number(process.env.QUIRE_SIM_SEED ?? Date.now() % 1e9);
  const runs = process.env.QUIRE_SIM_SEED ? 1 : 40;
  for (let i = 0; i < runs; i++) {
    const seed = base + i;
    try {
      simulate(seed, { resumeWindow: 2 });
    } catch (e) {
      e.message = `seed ${seed} (QUIRE_SIM_SEED=${seed} npm test), resume window 2: ${e.message}`;
      throw e;
    }
  }
  console.log(`simulation with resume window 2: seeds ${base}..${base + runs - 1}`);
});
