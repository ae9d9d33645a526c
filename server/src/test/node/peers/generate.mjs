// One run of the load generator against one server that is already running: joins the clients,
// drives the writers open-loop at a fixed total rate, measures a window after a warm-up, drains,
// checks that every client holds what the server holds, and prints the result as one JSON line.
//
//   node generate.mjs --server=quire|sharedb|hocuspocus|floor --url=http://127.0.0.1:PORT --doc=ID
//        --server-pid=PID --clients=N --writers=W --rate=OPS_PER_S --warmup=S --window=S --seed=N
//        [--server-cpu=C --generator-cpu=G]   (the CPUs they are pinned to, to tell what else ran there)
//        [--profile=FILE]   (a CPU profile of the generator over the window, for Chrome's DevTools)
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { HocuspocusClient, YjsEdits, replayHocuspocus } from './hocuspocus-client.mjs';
import { Interner, replayAll } from './interner.mjs';
import { cpuBusyMs, percentiles, processCpuMs, processRssMib } from './measures.mjs';
import { QuireClient, replayQuire } from './quire-client.mjs';
import { ShareDbClient, replayShareDb } from './sharedb-client.mjs';
import { waitUntil } from './socket.mjs';
import { Tracker } from './tracker.mjs';
import { seededRandom } from './workload.mjs';

const PROTOCOLS = {
  quire: { Client: QuireClient, replay: replayQuire },
  sharedb: { Client: ShareDbClient, replay: replayShareDb },
  hocuspocus: { Client: HocuspocusClient, replay: replayHocuspocus },
  // The machine's floor (FloorServer.java) speaks Quire's protocol but transforms nothing, so its
  // clients' documents are not compared: a run of it is judged by its failures alone.
  floor: { Client: QuireClient, replay: replayQuire, untransformed: true },
};
const JOINS_AT_ONCE = 50;
const SETTLE_TIMEOUT_MS = 180_000; // a generator starved of its core (a shared machine) drains slowly
const QUIET_MS = 2_000; // a drain that makes no progress for this long is over

export async function generate(o) {
  const protocol = PROTOCOLS[o.server];
  if (protocol === undefined) {
    throw new Error(`--server must be one of ${Object.keys(PROTOCOLS).join(', ')}, got ${o.server}`);
  }
  if (o.clients < 2 || o.writers > o.clients || !Number.isInteger(o.clients) || !Number.isInteger(o.writers)) {
    throw new Error(`need at least 2 clients and at most as many writers as clients, got ${o.clients} and ${o.writers}`);
  }
  const tracker = new Tracker(o.clients - 1);
  const interner = new Interner();
  const edits = new YjsEdits();
  const make = (writer) => new protocol.Client({ url: o.url, docId: o.doc, writer, tracker, interner, edits });
  const clients = Array.from({ length: o.clients }, (_, i) => make(i < o.writers));
  for (let i = 0; i < clients.length; i += JOINS_AT_ONCE) {
    await Promise.all(clients.slice(i, i + JOINS_AT_ONCE).map((c) => c.join()));
  }
  const failures = () => clients.flatMap((c) => c.failures);
  if (failures().length > 0) {
    throw new Error(`joining: ${failures().slice(0, 5).join('; ')}`);
  }

  const random = seededRandom(o.seed);
  const writers = clients.slice(0, o.writers);
  const stopWriters = typeAtRate(writers, o.rate, random);

  await sleep(o.warmup * 1000);
  const profiler = o.profile === undefined ? null : await startProfiler();
  tracker.window = true;
  const start = snapshot(o);
  await sleep(o.window * 1000);
  tracker.window = false;
  const end = snapshot(o);
  if (profiler !== null) {
    await profiler.stopInto(o.profile);
  }
  stopWriters();

  await waitUntil(() => writers.every((w) => w.idle) || failures().length > 0, 'every writer acknowledged', SETTLE_TIMEOUT_MS);
  await drain(tracker);

  const checker = make(false);
  await checker.join();
  const truth = protocol.replay(checker.log.map((id) => interner.value(id)));
  const observers = clients.slice(o.writers);
  const replicas = [
    ...writers.map((w) => w.replica()),
    ...replayAll(observers.map((c) => c.log), interner, protocol.replay),
  ];
  const diverged = protocol.untransformed ? 0 : replicas.filter((r) => r !== truth).length;
  for (const c of [...clients, checker]) {
    c.close();
  }

  const seconds = (end.t - start.t) / 1000;
  const [ackP50, ackP99, ackMax] = percentiles(tracker.ack, [50, 99, 100]);
  const [fanP50, fanP99, fanMax] = percentiles(tracker.fanout, [50, 99, 100]);
  return {
    server: o.server,
    clients: o.clients,
    writers: o.writers,
    rate: o.rate,
    seed: o.seed,
    windowSeconds: seconds,
    keystrokesPerSecond: tracker.keystrokesAcked / seconds,
    messagesPerSecond: tracker.messagesSent / seconds,
    ackMs: { p50: ackP50, p99: ackP99, max: ackMax, n: tracker.ack.length },
    fanoutMs: { p50: fanP50, p99: fanP99, max: fanMax, n: tracker.fanout.length },
    undelivered: tracker.undeliveredInWindow,
    serverCpu: (end.serverCpuMs - start.serverCpuMs) / (end.t - start.t),
    serverRssMib: end.serverRssMib,
    generatorCpu: generatorCpuMs(start, end) / (end.t - start.t),
    generatorElu: performance.eventLoopUtilization(end.elu, start.elu).utilization,
    // What else kept the two CPUs busy (other processes on a shared machine): a generator with a
    // busy event loop but little CPU of its own was waiting for its core.
    othersOnServerCore: Math.max(0, end.serverCoreMs - start.serverCoreMs - (end.serverCpuMs - start.serverCpuMs)) / (end.t - start.t),
    othersOnGeneratorCore: Math.max(0, end.generatorCoreMs - start.generatorCoreMs - generatorCpuMs(start, end)) / (end.t - start.t),
    converged: diverged === 0 && failures().length === 0,
    diverged,
    failures: failures().slice(0, 5),
  };
}

/**
 * Open loop: each writer makes rate/writers edits a second on a schedule of its own (random
 * phase); a timer that fires late makes the edits that fell due meanwhile, so the offered rate
 * holds whatever the server answers. Returns the function that stops them.
 */
function typeAtRate(writers, rate, random) {
  if (rate === 0) {
    return () => {}; // clients connected and nobody typing: the servers' idle cost
  }
  const period = (1000 * writers.length) / rate;
  const timers = [];
  let stopped = false;
  for (const writer of writers) {
    let due = performance.now() + random() * period;
    const tick = () => {
      const now = performance.now();
      while (due <= now && !stopped) {
        writer.edit(random);
        due += period;
      }
      if (!stopped) {
        tick.timer = setTimeout(tick, Math.max(0, due - performance.now()));
      }
    };
    timers.push(tick);
    tick.timer = setTimeout(tick, Math.max(0, due - performance.now()));
  }
  return () => {
    stopped = true;
    for (const tick of timers) {
      clearTimeout(tick.timer);
    }
  };
}

function snapshot(o) {
  return {
    t: performance.now(),
    cpu: process.cpuUsage(),
    elu: performance.eventLoopUtilization(),
    serverCpuMs: processCpuMs(o.serverPid),
    serverRssMib: processRssMib(o.serverPid),
    serverCoreMs: cpuBusyMs(o.serverCore),
    generatorCoreMs: cpuBusyMs(o.generatorCore),
  };
}

/** Waits until every message has reached every client, or nothing has arrived for QUIET_MS. */
async function drain(tracker) {
  let last = tracker.undelivered;
  let lastChange = Date.now();
  await waitUntil(() => {
    if (tracker.undelivered !== last) {
      last = tracker.undelivered;
      lastChange = Date.now();
    }
    return last === 0 || Date.now() - lastChange > QUIET_MS;
  }, 'the fan-out to drain', SETTLE_TIMEOUT_MS, 20);
}

/** A CPU profile of the generator over the window alone (the joins and the final check left out). */
async function startProfiler() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stopInto(file) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

function generatorCpuMs(start, end) {
  return (end.cpu.user + end.cpu.system - start.cpu.user - start.cpu.system) / 1000;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const GENERATOR_OPTIONS = {
  server: { type: 'string' },
  url: { type: 'string' },
  doc: { type: 'string' },
  'server-pid': { type: 'string' },
  clients: { type: 'string' },
  writers: { type: 'string' },
  rate: { type: 'string' },
  warmup: { type: 'string' },
  window: { type: 'string' },
  seed: { type: 'string' },
  'server-cpu': { type: 'string', default: '0' },
  'generator-cpu': { type: 'string', default: '1' },
  profile: { type: 'string' },
};

/**
 * The command-line arguments of a run, each as `--name=value`: a value may begin with `-` (Quire's
 * document ids do), which `parseArgs` would refuse after a separate `--name` as option-like.
 */
export function generatorArgv(values) {
  return Object.entries(values).map(([name, value]) => {
    if (!(name in GENERATOR_OPTIONS)) {
      throw new Error(`the generator has no option --${name}`);
    }
    return `--${name}=${value}`;
  });
}

/** The options of a run from its command-line arguments (what `generatorArgv` writes). */
export function parseGeneratorArgv(args) {
  const { values } = parseArgs({ args, options: GENERATOR_OPTIONS });
  const number = (name) => {
    const n = Number(values[name]);
    if (values[name] === undefined || !Number.isFinite(n) || n < 0) {
      throw new Error(`--${name} must be a non-negative number, got ${values[name]}`);
    }
    return n;
  };
  if (!values.server || !values.url || !values.doc) {
    throw new Error('--server, --url and --doc are required');
  }
  return {
    server: values.server,
    url: values.url,
    doc: values.doc,
    serverPid: number('server-pid'),
    clients: number('clients'),
    writers: number('writers'),
    rate: number('rate'),
    warmup: number('warmup'),
    window: number('window'),
    seed: number('seed'),
    serverCore: number('server-cpu'),
    generatorCore: number('generator-cpu'),
    profile: values.profile,
  };
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  try {
    console.log(JSON.stringify(await generate(parseGeneratorArgv(process.argv.slice(2)))));
    process.exit(0);
  } catch (error) {
    console.error(error.stack ?? String(error));
    process.exit(1);
  }
}
