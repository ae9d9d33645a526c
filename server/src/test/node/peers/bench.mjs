// The peer benchmark: Quire, ShareDB and Hocuspocus under one workload, interleaved scenario by
// scenario (for each run, each server in turn), each server pinned to CPU 0 and the generator to
// CPU 1; prints one table, every figure the median of the runs with their range.
//
//   node bench.mjs [--scenario all|s10|s100|s1000[,…]] [--runs 3] [--servers sharedb,hocuspocus,quire[,floor]]
//                  [--clients N] [--writers W] [--rate R] [--warmup S] [--window S] [--seed N] [--json FILE]
//                  [--profile DIR]   (a CPU profile of the generator's window in every run, into DIR)
//   node bench.mjs --smoke      (a few seconds per server: checks the harness, every client converges)
//
// Needs `taskset` (util-linux), Java 17 and the built jar (server/target/quire.jar). Exit status 1
// when a run fails or a client ends with a document other than the server's. `--json` is written
// after every run; `node bench.mjs --table FILE` prints the table of such a file (of a session
// stopped early, too).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generatorArgv } from './generate.mjs';
import { medianRange } from './measures.mjs';
import { SERVERS, SERVER_KINDS, startServer } from './servers.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const SERVER_CPU = 0;
// On one CPU (a small CI runner) the smoke run still checks the harness, with both on CPU 0.
const GENERATOR_CPU = availableParallelism() > 1 ? 1 : 0;

export const SCENARIOS = {
  s10: { clients: 10, writers: 2, rate: 100, warmup: 5, window: 15 },
  s100: { clients: 100, writers: 10, rate: 500, warmup: 5, window: 15 },
  s1000: { clients: 1000, writers: 10, rate: 50, warmup: 10, window: 15 },
};
const SMOKE = { clients: 10, writers: 2, rate: 100, warmup: 1, window: 2 };

function options() {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', default: 'all' },
      runs: { type: 'string', default: '3' },
      servers: { type: 'string', default: SERVERS.join(',') },
      clients: { type: 'string' },
      writers: { type: 'string' },
      rate: { type: 'string' },
      warmup: { type: 'string' },
      window: { type: 'string' },
      seed: { type: 'string', default: String(Date.now() % 1_000_000) },
      json: { type: 'string' },
      table: { type: 'string' },
      smoke: { type: 'boolean', default: false },
      profile: { type: 'string' },
    },
  });
  const servers = values.servers.split(',');
  for (const s of servers) {
    if (!SERVER_KINDS.includes(s)) {
      throw new Error(`--servers takes ${SERVER_KINDS.join(', ')}, got ${s}`);
    }
  }
  const names = values.smoke ? ['smoke'] : values.scenario === 'all' ? Object.keys(SCENARIOS) : values.scenario.split(',');
  const scenarios = names.map((name) => {
    const preset = name === 'smoke' ? SMOKE : SCENARIOS[name];
    if (preset === undefined) {
      throw new Error(`--scenario takes all or ${Object.keys(SCENARIOS).join(', ')}, got ${name}`);
    }
    const scenario = { name, ...preset };
    for (const key of ['clients', 'writers', 'rate', 'warmup', 'window']) {
      if (values[key] !== undefined) {
        scenario[key] = Number(values[key]);
        if (!Number.isFinite(scenario[key]) || scenario[key] < 0) {
          throw new Error(`--${key} must be a non-negative number, got ${values[key]}`);
        }
      }
    }
    return scenario;
  });
  return {
    scenarios, servers, runs: values.smoke ? 1 : Number(values.runs), seed: Number(values.seed), json: values.json,
    table: values.table, profile: values.profile,
  };
}

/** One run: the server started afresh, the generator in a process of its own on the other CPU. */
async function runOnce(kind, scenario, seed, profile) {
  const server = await startServer(kind, SERVER_CPU);
  try {
    const args = [join(HERE, 'generate.mjs'), ...generatorArgv({
      server: kind, url: server.url, doc: server.docId, 'server-pid': server.pid, clients: scenario.clients,
      writers: scenario.writers, rate: scenario.rate, warmup: scenario.warmup, window: scenario.window, seed,
      'server-cpu': SERVER_CPU, 'generator-cpu': GENERATOR_CPU,
    })];
    if (profile !== undefined) {
      mkdirSync(profile, { recursive: true });
      args.push(...generatorArgv({ profile: join(profile, `${scenario.name}-${kind}-seed${seed}.cpuprofile`) }));
    }
    const generator = spawn('taskset', ['-c', String(GENERATOR_CPU), process.execPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    generator.stdout.on('data', (d) => (out += d));
    generator.stderr.on('data', (d) => (err += d));
    const code = await new Promise((resolve) => generator.once('exit', resolve));
    if (code !== 0) {
      return { server: kind, error: `generator exited with ${code}: ${err.trim()} (server log: ${server.log})` };
    }
    return JSON.parse(out);
  } finally {
    await server.stop();
  }
}

function figure({ median, min, max }, digits) {
  if (!Number.isFinite(median)) {
    return '–';
  }
  const f = (x) => x.toFixed(x >= 100 ? 0 : digits);
  return min === max ? f(median) : `${f(median)} [${f(min)}–${f(max)}]`;
}

function summarise(results, pick, digits = 1) {
  return figure(medianRange(results.filter((r) => !r.error).map(pick)), digits);
}

export function table(rows) {
  const header = ['scenario', 'server', 'fan-out p50 ms', 'fan-out p99 ms', 'fan-out max ms', 'ack p50 ms', 'ack p99 ms',
    'keystrokes/s', 'server CPU %', 'server RSS MiB', 'generator CPU %', 'generator ELU %',
    'others on server / generator core %', 'converged'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const { scenario, server, results } of rows.filter((r) => r.results.length > 0)) {
    const ok = results.filter((r) => !r.error && r.converged).length;
    lines.push(`| ${[
      `${scenario.clients} clients, ${scenario.writers} writers, ${scenario.rate} ops/s`,
      server,
      summarise(results, (r) => r.fanoutMs.p50),
      summarise(results, (r) => r.fanoutMs.p99),
      summarise(results, (r) => r.fanoutMs.max),
      summarise(results, (r) => r.ackMs.p50),
      summarise(results, (r) => r.ackMs.p99),
      summarise(results, (r) => r.keystrokesPerSecond, 0),
      summarise(results, (r) => 100 * r.serverCpu, 0),
      summarise(results, (r) => r.serverRssMib, 0),
      summarise(results, (r) => 100 * r.generatorCpu, 0),
      summarise(results, (r) => 100 * r.generatorElu, 0),
      `${summarise(results, (r) => 100 * r.othersOnServerCore, 0)} / ${summarise(results, (r) => 100 * r.othersOnGeneratorCore, 0)}`,
      `${ok}/${results.length}`,
    ].join(' | ')} |`);
  }
  return lines.join('\n');
}

async function main() {
  const o = options();
  if (o.table !== undefined) {
    console.log(table(JSON.parse(readFileSync(o.table, 'utf8')).rows));
    return;
  }
  console.error(`seed ${o.seed}; servers on CPU ${SERVER_CPU}, generator on CPU ${GENERATOR_CPU}`);
  const rows = o.scenarios.flatMap((scenario) => o.servers.map((server) => ({ scenario, server, results: [] })));
  for (const scenario of o.scenarios) {
    for (let run = 1; run <= o.runs; run++) {
      for (const kind of o.servers) {
        const result = await runOnce(kind, scenario, o.seed + run, o.profile);
        rows.find((r) => r.scenario === scenario && r.server === kind).results.push(result);
        console.error(`${scenario.name} run ${run} ${kind}: ${result.error ?? brief(result)}`);
        if (o.json !== undefined) {
          // after every run, so that a long session stopped early keeps what it measured
          writeFileSync(o.json, JSON.stringify({ seed: o.seed, rows }, null, 2));
        }
      }
    }
  }
  console.log(table(rows));
  const failed = rows.flatMap((r) => r.results).filter((r) => r.error || !r.converged);
  if (failed.length > 0) {
    console.error(`${failed.length} run(s) failed: ${failed.map((r) => r.error ?? `${r.server}: ${r.diverged} diverged, ${r.failures.join('; ')}`).join(' | ')}`);
    process.exit(1);
  }
}

function brief(r) {
  // A run without edits (--rate 0) has no latency: JSON turned its NaN into null.
  const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : '–');
  return `fan-out p99 ${ms(r.fanoutMs.p99)}, ack p99 ${ms(r.ackMs.p99)}, ` +
    `${r.keystrokesPerSecond.toFixed(0)} keystrokes/s, server CPU ${(100 * r.serverCpu).toFixed(0)} %, ` +
    `generator CPU ${(100 * r.generatorCpu).toFixed(0)} % ELU ${(100 * r.generatorElu).toFixed(0)} %, ` +
    `others on the cores ${(100 * r.othersOnServerCore).toFixed(0)} / ${(100 * r.othersOnGeneratorCore).toFixed(0)} %, ` +
    `undelivered ${r.undelivered}, ${r.converged ? 'converged' : `DIVERGED (${r.diverged}) ${r.failures.join('; ')}`}`;
}

await main();
