// Starts each server under test as its own process pinned to one CPU (taskset), with the seed
// document in place, and stops it. Quire runs from the built jar with its embedded SQLite store in
// a temporary directory; ShareDB and Hocuspocus run from this folder; `floor` (FloorServer.java, by
// the JDK's source launcher) is the least a server can do for the generator, the machine's floor.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { SEED_OPS } from './workload.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const SERVER_TARGET = join(HERE, '..', '..', '..', '..', 'target');
const START_TIMEOUT_MS = 120_000;

export const SERVERS = ['sharedb', 'hocuspocus', 'quire'];
/** What `--servers` also takes: not a peer, the floor of the machine (chosen by name only). */
export const SERVER_KINDS = [...SERVERS, 'floor'];

/**
 * The runnable Quire jar (`mvn -pl server -am package -DskipTests` makes server/target/quire.jar), or the one
 * `QUIRE_JAR` names (a saved build, for A/B runs of two builds from one tree).
 */
export function quireJar() {
  if (process.env.QUIRE_JAR) {
    return process.env.QUIRE_JAR;
  }
  const jar = join(SERVER_TARGET, 'quire.jar');
  if (existsSync(jar)) {
    return jar;
  }
  const any = existsSync(SERVER_TARGET) ? readdirSync(SERVER_TARGET).find((f) => /^quire-.*\.jar$/.test(f)) : undefined;
  if (any === undefined) {
    throw new Error(`no Quire jar in ${SERVER_TARGET}: build it first (mvn -B -pl server -am package -DskipTests)`);
  }
  return join(SERVER_TARGET, any);
}

/**
 * Starts `kind` on `cpu`; resolves to { kind, pid, url, docId, stop() } once it listens and the
 * seed document exists.
 */
export async function startServer(kind, cpu) {
  const dir = mkdtempSync(join(tmpdir(), `peer-bench-${kind}-`));
  const command = kind === 'quire' ? quireCommand(dir)
    : kind === 'floor' ? ['java', join(HERE, 'FloorServer.java'), JSON.stringify(SEED_OPS)]
      : [process.execPath, join(HERE, `${kind}-server.mjs`)];
  const child = spawn('taskset', ['-c', String(cpu), ...command], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = join(dir, 'server.log');
  child.stderr.pipe(createWriteStream(log));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const first = await firstLine(child, kind === 'quire' ? /^Quire listening on (\S+)/ : /^listening (\d+) (\S+)/, exited);
  if (first === null) {
    child.kill('SIGKILL');
    throw new Error(`${kind} did not start; see ${log}`);
  }
  const url = kind === 'quire' ? first[1].replace(/\/$/, '') : `http://127.0.0.1:${first[1]}`;
  const docId = kind === 'quire' ? await createQuireDocument(url) : first[2];
  return {
    kind,
    pid: child.pid,
    url,
    docId,
    log,
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function quireCommand(dir) {
  // The generator is one address opening many connections and sending fast: the abuse limits
  // (docs/security.md) are raised as LoadBench raises them.
  // QUIRE_JVM: extra JVM options, space-separated (a flight recording of the server, say).
  const jvm = (process.env.QUIRE_JVM ?? '').split(' ').filter((a) => a !== '');
  return ['java', ...jvm, '-jar', quireJar(), '--host', '127.0.0.1', '--port', '0', '--data', join(dir, 'data'),
    '--ws-messages-per-second=1000000', '--ws-message-burst=1000000',
    '--ws-max-connections-per-address=1000000', '--ws-max-connections-per-document=1000000',
    '--api-requests-per-second=1000000', '--api-request-burst=1000000'];
}

function firstLine(child, pattern, exited) {
  const lines = createInterface({ input: child.stdout });
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), START_TIMEOUT_MS);
    exited.then(() => resolve(null));
    lines.on('line', (line) => {
      const match = pattern.exec(line);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match);
      }
    });
  });
}

async function createQuireDocument(url) {
  const response = await fetch(`${url}/api/documents`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ title: 'bench', content: { ops: SEED_OPS } }),
  });
  if (response.status !== 201) {
    throw new Error(`creating the seed document: HTTP ${response.status} ${await response.text()}`);
  }
  return (await response.json()).id;
}
