// A client of Hocuspocus's protocol (what @hocuspocus/provider speaks, written here with yjs,
// y-protocols and lib0 so the generator pays only for the protocol): every message starts with
// the document name and a message type; the client authenticates (an empty token: the server has
// no auth hook), syncs (step 1 / step 2), then sends each edit as a Yjs update, which the server
// answers with a SyncStatus message (the ack) and broadcasts, merged with the others that arrived
// in the same event-loop turn, to every connection of the document (the writer's own included).
//
// Matching a broadcast to the edits it carries: an edit that adds items (an insert, most bold
// changes) is known by its writer's clientID and the last clock it used; one that only deletes (a
// delete, a bold change that only removes formatting marks) by the first id in its delete set,
// since every item is deleted once (a second delete of it changes nothing and is not broadcast).
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { canonical } from './ot-replica.mjs';
import { ClientSocket, waitUntil } from './socket.mjs';
import { nextEdit } from './workload.mjs';

export const TEXT = 'quill';
const SYNC = 0;
const AUTH = 2;
const QUERY_AWARENESS = 3;
// The server closes a connection that sent nothing for 60 s (its `timeout`); its provider keeps
// talking by renewing its awareness every 15 s, which the server broadcasts to everyone. Observers
// here ask for the awareness instead, which is answered to them alone: a keep-alive that adds no
// broadcast to the workload.
const KEEP_ALIVE_MS = 15_000;
const SYNC_REPLY = 4;
const SYNC_STATUS = 8;
const AUTHENTICATED = 2;
const REMOTE = Symbol('remote');

/** Which edit the items a broadcast adds or deletes belong to, shared by the clients of a run. */
export class YjsEdits {
  byWriter = new Map(); // clientID → [{ lastClock, key }] in the writer's order
  byDeleted = new Map(); // "client:clock" of the first item an edit that only deletes deleted → { key, writer }

  added(writer, lastClock, key) {
    let list = this.byWriter.get(writer);
    if (list === undefined) {
      list = [];
      this.byWriter.set(writer, list);
    }
    list.push({ lastClock, key });
  }

  deletedFirst(writer, client, clock, key) {
    this.byDeleted.set(`${client}:${clock}`, { key, writer });
  }
}

export class HocuspocusClient {
  #url;
  #docId;
  #tracker;
  #interner;
  #edits;
  #isWriter;
  #connection = new ClientSocket();
  #doc = new Y.Doc();
  #synced = false;
  #unacked = []; // per message the server answers with a SyncStatus, in order: { sent, counted, keystrokes }
  #seen = new Map(); // writer clientID → how many of its edits this client has
  #editing = false;
  #lastSent = 0;
  #lastUpdate = null;
  #edits_made = 0;
  #keepAlive = null;
  #received = []; // a writer's updates from the server not yet applied to its document
  log = [];

  constructor({ url, docId, writer, tracker, interner, edits }) {
    this.#url = url.replace(/^http/, 'ws');
    this.#docId = docId;
    this.#isWriter = writer;
    this.#tracker = tracker;
    this.#interner = interner;
    this.#edits = edits;
    // After a remote transaction that brings formatting marks Yjs walks the whole text to delete
    // the redundant ones, and sends the deletions as an update of its own. The server does that
    // already (it applies every update as a remote transaction) and broadcasts its deletions, so
    // ten writers repeating it sent only duplicates, and the walks were most of the generator's
    // work. Yjs has no option for it: the flag it checks after the 'afterTransaction' event is
    // cleared there (the text is the same either way; only redundant marks stay until the
    // server's deletions arrive).
    this.#doc.on('afterTransaction', (transaction) => {
      if (transaction.origin === REMOTE) {
        transaction._needFormattingCleanup = false;
      }
    });
    this.#doc.on('update', (update, origin) => {
      if (origin === REMOTE || !this.#synced) {
        return;
      }
      const sent = this.#tracker.now();
      this.#send(SYNC, (e) => syncProtocol.writeUpdate(e, update));
      if (this.#editing) {
        this.#lastSent = sent;
        this.#lastUpdate = update;
      } else {
        // an update made outside an edit (none is expected: see #applyReceived) is still acknowledged
        this.#unacked.push({ sent, counted: false, keystrokes: 0 });
      }
    });
  }

  async join() {
    await this.#connection.open(this.#url, (data) => this.#onMessage(data));
    this.#send(AUTH, (e) => {
      encoding.writeVarUint(e, 0); // token
      encoding.writeVarString(e, '');
    });
    this.#send(SYNC, (e) => syncProtocol.writeSyncStep1(e, this.#doc));
    await waitUntil(() => this.#synced || this.failures.length > 0, 'the sync', 60_000);
    this.#keepAlive = setInterval(() => this.#send(QUERY_AWARENESS, () => {}), KEEP_ALIVE_MS);
  }

  get idle() {
    return this.#unacked.length === 0;
  }

  edit(random) {
    this.#applyReceived();
    const text = this.#doc.getText(TEXT);
    const ops = nextEdit(random, text.length);
    const me = this.#doc.clientID;
    const before = Y.getState(this.#doc.store, me);
    this.#lastSent = -1;
    this.#editing = true;
    try {
      this.#doc.transact(() => applyAtIndex(text, ops));
    } finally {
      this.#editing = false;
    }
    if (this.#lastSent < 0) {
      return; // nothing changed (a bold over text already so): nothing was sent
    }
    const after = Y.getState(this.#doc.store, me);
    const key = `${me}#${++this.#edits_made}`;
    if (after > before) {
      this.#edits.added(me, after - 1, key);
    } else {
      const [client, ranges] = Y.decodeUpdate(this.#lastUpdate).ds.clients.entries().next().value;
      this.#edits.deletedFirst(me, client, ranges[0].clock, key);
    }
    this.#unacked.push({ sent: this.#lastSent, counted: this.#tracker.sent(key, this.#lastSent), keystrokes: 1 });
  }

  replica() {
    this.#applyReceived();
    return canonical(this.#doc.getText(TEXT).toDelta());
  }

  get failures() {
    return this.#connection.failures;
  }

  close() {
    clearInterval(this.#keepAlive);
    this.#connection.close();
  }

  #send(type, write) {
    const e = encoding.createEncoder();
    encoding.writeVarString(e, this.#docId);
    encoding.writeVarUint(e, type);
    write(e);
    this.#connection.send(encoding.toUint8Array(e));
  }

  #onMessage(data) {
    // Every client receives the same broadcasts: each distinct frame is decoded once, for all.
    const message = this.#interner.intern(data.latin1Slice(), () => decodeFrame(data, this.#edits));
    switch (message.type) {
      case 'step1': {
        // our step 2 is answered with a SyncStatus too: no edit's ack
        this.#unacked.push({ sent: null });
        this.#send(SYNC, (e) => syncProtocol.writeSyncStep2(e, this.#doc, message.stateVector));
        break;
      }
      case 'step2':
        Y.applyUpdate(this.#doc, message.update, REMOTE);
        if (!this.#isWriter) {
          this.log.push(message.id);
        }
        this.#synced = true;
        break;
      case 'update':
        this.#deliveredIn(message);
        if (this.#isWriter) {
          this.#received.push(message.update);
        } else {
          this.log.push(message.id);
        }
        break;
      case 'status': {
        if (!message.applied) {
          this.failures.push('an update was not applied');
        }
        const done = this.#unacked.shift();
        if (done === undefined) {
          this.failures.push('a SyncStatus for no message sent');
        } else if (done.sent !== null) {
          this.#tracker.acked(done.sent, done.counted, done.keystrokes);
        }
        break;
      }
      case 'auth':
        if (!message.authenticated) {
          this.failures.push('permission denied');
        }
        break;
      default: // awareness and the rest: not part of the measure
    }
  }

  /**
   * Brings a writer's document up to date before it edits (or is compared), so that it edits the
   * document as it knows it at that moment, with everything the server sent it so far: the updates
   * received since its last edit go in as one remote transaction.
   */
  #applyReceived() {
    if (this.#received.length === 0) {
      return;
    }
    const updates = this.#received;
    this.#received = [];
    Y.transact(this.#doc, () => {
      for (const update of updates) {
        Y.applyUpdate(this.#doc, update, REMOTE);
      }
    }, REMOTE, false);
  }

  /** Tells the tracker of every edit of another writer that this update brings. */
  #deliveredIn({ added, deletedBy }) {
    const me = this.#doc.clientID;
    for (const [writer, lastClock] of added) {
      if (writer === me) {
        continue;
      }
      const list = this.#edits.byWriter.get(writer);
      let seen = this.#seen.get(writer) ?? 0;
      while (list !== undefined && seen < list.length && list[seen].lastClock <= lastClock) {
        this.#tracker.delivered(list[seen].key);
        seen++;
      }
      this.#seen.set(writer, seen);
    }
    for (const edit of deletedBy) {
      if (edit.writer !== me) {
        this.#tracker.delivered(edit.key);
      }
    }
  }
}

/**
 * Applies a Quill delta of the workload to a Y.Text through its index calls. The same update as
 * `applyDelta` (same positions, same attributes: an insert without attributes is plain text), but
 * `applyDelta` walks the text item by item up to the edit, where `delete` finds its place from the
 * search markers Yjs keeps for index lookups, and `insert` walks without formatting bookkeeping.
 */
export function applyAtIndex(text, ops) {
  let at = 0;
  for (const op of ops) {
    if (op.insert !== undefined) {
      text.insert(at, op.insert, op.attributes ?? {});
      at += op.insert.length;
    } else if (op.delete !== undefined) {
      text.delete(at, op.delete);
    } else {
      if (op.attributes !== undefined) {
        text.format(at, op.retain, op.attributes);
      }
      at += op.retain;
    }
  }
}

/**
 * One frame from the server, decoded: the sync messages (the server's step 1 with its state vector,
 * step 2 and updates with the update), a SyncStatus, the answer to authentication. An update says
 * what it brings: `added`, the last clock of every client whose items it adds; `deletedBy`, the
 * edits (of YjsEdits) that only delete and whose first deleted item it deletes, known already since
 * a writer registers its edit as it sends it.
 */
function decodeFrame(data, edits) {
  const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  decoding.readVarString(decoder); // the document's name
  const type = decoding.readVarUint(decoder);
  if (type === SYNC || type === SYNC_REPLY) {
    const kind = decoding.readVarUint(decoder);
    // a copy: the frame's buffer is the socket's read, which may hold other frames
    const bytes = decoding.readVarUint8Array(decoder).slice();
    if (kind === syncProtocol.messageYjsSyncStep1) {
      return { type: 'step1', stateVector: bytes };
    }
    if (kind === syncProtocol.messageYjsSyncStep2) {
      return { type: 'step2', update: bytes };
    }
    return { type: 'update', update: bytes, ...brought(bytes, edits) };
  }
  if (type === SYNC_STATUS) {
    return { type: 'status', applied: decoding.readVarUint(decoder) === 1 };
  }
  if (type === AUTH) {
    return { type: 'auth', authenticated: decoding.readVarUint(decoder) === AUTHENTICATED };
  }
  return { type: 'other' };
}

function brought(update, edits) {
  const { structs, ds } = Y.decodeUpdate(update);
  const last = new Map();
  for (const struct of structs) {
    const end = struct.id.clock + struct.length - 1;
    if (end > (last.get(struct.id.client) ?? -1)) {
      last.set(struct.id.client, end);
    }
  }
  const deletedBy = [];
  for (const [client, ranges] of ds.clients) {
    for (const range of ranges) {
      for (let clock = range.clock; clock < range.clock + range.len; clock++) {
        const edit = edits.byDeleted.get(`${client}:${clock}`);
        if (edit !== undefined) {
          deletedBy.push(edit);
        }
      }
    }
  }
  return { added: [...last], deletedBy };
}

export function replayHocuspocus(messages) {
  const doc = new Y.Doc();
  for (const message of messages) {
    Y.applyUpdate(doc, message.update);
  }
  return canonical(doc.getText(TEXT).toDelta());
}
