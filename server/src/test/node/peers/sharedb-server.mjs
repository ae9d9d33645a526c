// ShareDB 7 with the rich-text type and its in-memory backend, over `ws`: the peer the benchmark
// compares with. Creates the document with the seed, then prints "listening PORT DOCUMENT".
import http from 'node:http';
import WebSocketJSONStream from '@teamwork/websocket-json-stream';
import richText from 'rich-text';
import ShareDB from 'sharedb';
import { WebSocketServer } from 'ws';
import { COLLECTION } from './sharedb-client.mjs';
import { SEED_OPS } from './workload.mjs';

const DOCUMENT = 'bench';

ShareDB.types.register(richText.type);
const backend = new ShareDB();
await new Promise((resolve, reject) => {
  const doc = backend.connect().get(COLLECTION, DOCUMENT);
  doc.create(SEED_OPS, 'rich-text', (error) => (error ? reject(error) : resolve()));
});
const server = http.createServer();
const sockets = new WebSocketServer({ server, perMessageDeflate: false });
sockets.on('connection', (socket) => backend.listen(new WebSocketJSONStream(socket)));
server.listen(0, '127.0.0.1', () => {
  console.log(`listening ${server.address().port} ${DOCUMENT}`);
});
process.on('SIGTERM', () => process.exit(0));
