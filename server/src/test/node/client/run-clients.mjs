// Runs N Node clients making seeded random edits on one document, with random disconnects and
// resumes, for the cross-language convergence test
// (server/src/test/java/dev/quire/ws/CrossLanguageConvergenceTest.java). Usable by hand too:
//
//   node client/run-clients.mjs --url ws://127.0.0.1:8080 --document notes --seed 42 \
//        --clients 3 --edits 600 [--prefix node-] [--final-version 1234] [--batching none|alternate|all]
//
// Clients that compose their edits into one op in flight run the shipped web client's session and
// OT core (web-session.mjs over web-client/src/net/session.js). --batching chooses the clients that
// send `ops` batches instead (every edit its own op), which the web client does not do: they run
// the test client (connection.mjs over ot-client.mjs). none (the default), alternate
// (node-0, node-2, …: the even-numbered ones, so both kinds edit together) or all.
//
// Protocol on stdout, one JSON object per line:
//   {"event":"ready","batching":[labels],      every client has joined; editing starts
//    "webClient":[labels]}                      (which ones batch, which run the web client)
//   {"event":"acknowledged","version":V,       every op of these clients is acknowledged; with what
//    "disconnects":D,"sent":{op,ops,largestBatch}}  went on the wire, summed over the clients
//   {"clientId":…,"label":…,"version":…,     one per client, once all reached the final version
//    "content":{…}}                             (clientId: the one the server gave it; label: node-0, …)
// The final version is --final-version, or else the first stdin line after "acknowledged"
// (a number, or {"version":N}). Exit status 0 on success; 1 with the reason on stderr.
// The edits are a function of the seed; the interleaving is the network's.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { QuireConnection } from './connection.mjs';
import { WebSessionConnection } from './web-session.mjs';
import { randomEdit, seededRandom } from './random-edits.mjs';

const DEADLINE_MS = 60_000;

function options() {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      document: { type: 'string' },
      seed: { type: 'string', default: String(Date.now()) },
      clients: { type: 'string', default: '3' },
      edits: { type: 'string', default: '600' },
      prefix: { type: 'string', default: 'node-' },
      'final-version': { type: 'string' },
      batching: { type: 'string', default: 'none' },
    },
  });
  if (!values.url || !values.document) {
    throw new Error('--url and --document are required');
  }
  return {
    url: values.url,
    document: values.document,
    seed: values.seed,
    clients: positive(values.clients, '--clients'),
    edits: positive(values.edits, '--edits'),
    prefix: values.prefix,
    finalVersion: values['final-version'] === undefined ? undefined : positive(values['final-version'], '--final-version'),
    batching: batchingRule(values.batching),
  };
}

/** Whether client number i batches, for --batching none|alternate|all. */
function batchingRule(value) {
  switch (value) {
    case 'none':
      return () => false;
    case 'alternate':
      return (i) => i % 2 === 0;
    case 'all':
      return () => true;
    default:
      throw new Error(`--batching must be none, alternate or all, got ${value}`);
  }
}

function positive(value, name) {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new Error(`${name} must be a non-negative integer, got ${value}`);
  }
  return n;
}

const print = (object) => process.stdout.write(`${JSON.stringify(object)}\n`);
const yieldToNetwork = () => new Promise((resolve) => setImmediate(resolve));
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function checkFailures(clients) {
  const failures = clients.flatMap((c) => c.failures);
  if (failures.length > 0) {
    throw new Error(`protocol failures:\n${failures.join('\n')}`);
  }
}

async function firstStdinLine() {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (line.trim().length > 0) {
      lines.close();
      const parsed = JSON.parse(line);
      return positive(typeof parsed === 'number' ? parsed : parsed.version, 'the final version on stdin');
    }
  }
  throw new Error('stdin ended before the final version was given');
}

async function main() {
  const o = options();
  const random = seededRandom(o.seed);
  const clients = [];
  for (let i = 0; i < o.clients; i++) {
    const label = `${o.prefix}${i}`;
    const client = o.batching(i)
      ? new QuireConnection(o.url, o.document, label)
      : new WebSessionConnection(o.url, o.document, label);
    clients.push(await client.join());
  }
  checkFailures(clients);
  print({
    event: 'ready',
    batching: clients.filter((c) => c.batching).map((c) => c.label),
    webClient: clients.filter((c) => c instanceof WebSessionConnection).map((c) => c.label),
  });

  let disconnects = 0;
  for (let stepNo = 0; stepNo < o.edits; stepNo++) {
    const client = clients[random.int(clients.length)];
    const roll = random.int(1000);
    if (roll < 8 && client.isOpen) {
      await client.disconnect();
      disconnects++;
    } else if (!client.isOpen && roll < 300) {
      await client.join();
    } else {
      client.edit((content) => randomEdit(random, content));
    }
    // Let messages in between edits, and vary the interleavings; nothing waits on these.
    await yieldToNetwork();
    if (random.int(20) === 0) {
      await pause(1 + random.int(3));
    }
    checkFailures(clients);
  }
  for (const client of clients.filter((c) => !c.isOpen)) {
    await client.join();
  }
  await Promise.all(clients.map((c) => c.waitFor(() => !c.hasPending || c.failures.length > 0, 'acknowledgement of every op', DEADLINE_MS)));
  checkFailures(clients);
  const sent = {
    op: clients.reduce((n, c) => n + c.sent.op, 0),
    ops: clients.reduce((n, c) => n + c.sent.ops, 0),
    largestBatch: Math.max(...clients.map((c) => c.sent.largestBatch)),
  };
  print({ event: 'acknowledged', version: Math.max(...clients.map((c) => c.version)), disconnects, sent });

  const finalVersion = o.finalVersion ?? await firstStdinLine();
  await Promise.all(clients.map((c) => c.waitFor(() => c.version >= finalVersion || c.failures.length > 0,
    `version ${finalVersion}`, DEADLINE_MS)));
  checkFailures(clients);
  for (const client of clients) {
    if (client.version !== finalVersion || client.hasPending) {
      throw new Error(`${client.label} is at version ${client.version} (pending: ${client.hasPending}), expected ${finalVersion}`);
    }
  }
  for (const client of clients) {
    print({ clientId: client.clientId, label: client.label, version: client.version, content: client.content });
  }
  await Promise.all(clients.map((c) => c.close()));
}

main().then(
  () => process.stdout.write('', () => process.exit(0)),
  (error) => {
    process.stderr.write(`run-clients: ${error.stack ?? error}\n`);
    process.exit(1);
  },
);
