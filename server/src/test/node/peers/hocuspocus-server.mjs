// Hocuspocus 4.7 with no extensions (documents in memory only): the peer the benchmark compares
// with. Seeds the document's Y.Text through a direct connection, which it keeps open so the
// document stays loaded between clients, then prints "listening PORT DOCUMENT".
import { Server } from '@hocuspocus/server';
import { TEXT } from './hocuspocus-client.mjs';
import { SEED_OPS } from './workload.mjs';

const DOCUMENT = 'bench';

const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: false });
await server.listen();
const seeder = await server.hocuspocus.openDirectConnection(DOCUMENT);
await seeder.transact((doc) => doc.getText(TEXT).applyDelta(SEED_OPS));
console.log(`listening ${server.httpServer.address().port} ${DOCUMENT}`);
process.on('SIGTERM', () => process.exit(0));
