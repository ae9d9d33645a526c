// The WebSocket every client opens, and waiting for a condition with a deadline.
//
// A client of its own (RFC 6455, the parts these servers use) rather than `ws`: a thousand
// observers each receive every broadcast, and at that rate the generator's cost was the path of
// one frame through Node's streams and `ws`'s receiver (a Writable per socket, events, a Buffer
// per message). Here every socket reads into one shared buffer (`net`'s `onread`, no stream in
// between) and frames are cut out of it in place.
import { createHash, randomBytes, randomFillSync } from 'node:crypto';
import net from 'node:net';

const ACCEPT_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const HANDSHAKE_TIMEOUT_MS = 60_000;
const TEXT = 0x1;
const BINARY = 0x2;
const CLOSE = 0x8;
const PING = 0x9;
const PONG = 0xa;
// One read buffer for every socket: a read is handed over synchronously and what is kept of it
// is copied (a partial frame here, the clients' decoded messages), so the sockets can share it.
const READ_BUFFER = Buffer.allocUnsafe(256 * 1024);

/** Resolves once `condition()` holds, checking every `everyMs`; rejects after `timeoutMs` naming `what`. */
export async function waitUntil(condition, what, timeoutMs, everyMs = 5) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * A client's one connection: each text or binary message to `onMessage` as a Buffer that is valid
 * only during the call (copy what is kept), a close it did not ask for recorded in `failures`
 * (none should happen in a run). Pings are answered.
 */
export class ClientSocket {
  #socket = null;
  #closing = false;
  #closedByServer = false;
  failures = [];

  open(url, onMessage) {
    const { hostname, port, pathname, search, host } = new URL(url);
    const key = randomBytes(16).toString('base64');
    const accept = createHash('sha1').update(key + ACCEPT_GUID).digest('base64');
    const frames = new FrameReader(onMessage, (opcode, payload) => this.#control(opcode, payload));
    return new Promise((resolve, reject) => {
      let response = ''; // the handshake's answer so far, then null once open
      const timer = setTimeout(() => fail(new Error(`no WebSocket handshake from ${url}`)), HANDSHAKE_TIMEOUT_MS);
      const fail = (error) => {
        clearTimeout(timer);
        this.#socket.destroy();
        reject(error);
      };
      this.#socket = net.connect({
        host: hostname,
        port: Number(port),
        noDelay: true,
        onread: {
          buffer: READ_BUFFER,
          callback: (n, buffer) => {
            if (response === null) {
              frames.read(buffer, 0, n);
              return;
            }
            response += buffer.latin1Slice(0, n);
            const end = response.indexOf('\r\n\r\n');
            if (end < 0) {
              return;
            }
            const head = response.slice(0, end);
            const rest = Buffer.from(response.slice(end + 4), 'latin1');
            response = null;
            clearTimeout(timer);
            if (!/^HTTP\/1\.1 101 /.test(head) || !new RegExp(`^sec-websocket-accept: *${escapeRegExp(accept)} *$`, 'im').test(head)) {
              fail(new Error(`WebSocket handshake refused by ${url}: ${head.split('\r\n')[0]}`));
              return;
            }
            resolve();
            frames.read(rest, 0, rest.length);
          },
        },
      });
      this.#socket.once('connect', () => {
        this.#socket.write(`GET ${pathname}${search} HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\n` +
          `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
      });
      this.#socket.on('error', (error) => {
        if (response !== null) {
          fail(error);
        } else if (!this.#closing) {
          this.failures.push(`socket error: ${error.message}`);
        }
      });
      this.#socket.on('close', () => {
        if (response !== null) {
          fail(new Error(`connection to ${url} closed during the handshake`));
        } else if (!this.#closing && !this.#closedByServer) {
          this.failures.push('closed by the server: 1006');
        }
      });
    });
  }

  /** Sends a string as a text message, bytes (a Uint8Array) as a binary one. */
  send(data) {
    if (typeof data === 'string') {
      this.#sendFrame(TEXT, Buffer.from(data, 'utf8'));
    } else {
      this.#sendFrame(BINARY, data);
    }
  }

  close() {
    if (this.#closing || this.#socket === null) {
      return;
    }
    this.#closing = true;
    const code = Buffer.alloc(2);
    code.writeUInt16BE(1000);
    this.#sendFrame(CLOSE, code);
    this.#socket.end();
  }

  #control(opcode, payload) {
    if (opcode === PING) {
      this.#sendFrame(PONG, payload);
    } else if (opcode === CLOSE) {
      if (!this.#closing) {
        this.#closedByServer = true;
        this.failures.push(`closed by the server: ${payload.length >= 2 ? payload.readUInt16BE(0) : 1005}`);
        this.#sendFrame(CLOSE, payload.subarray(0, 2));
        this.#socket.end();
      }
    } // a pong: nothing to do
  }

  /** A frame from the client: always masked (RFC 6455, 5.3). */
  #sendFrame(opcode, payload) {
    if (this.#socket.destroyed || this.#socket.writableEnded) {
      return;
    }
    const n = payload.length;
    const lengthBytes = n < 126 ? 0 : n < 65536 ? 2 : 8;
    const frame = Buffer.allocUnsafe(2 + lengthBytes + 4 + n);
    frame[0] = 0x80 | opcode;
    if (lengthBytes === 0) {
      frame[1] = 0x80 | n;
    } else if (lengthBytes === 2) {
      frame[1] = 0x80 | 126;
      frame.writeUInt16BE(n, 2);
    } else {
      frame[1] = 0x80 | 127;
      frame.writeBigUInt64BE(BigInt(n), 2);
    }
    const at = 2 + lengthBytes;
    MASKS.next(frame, at);
    for (let i = 0; i < n; i++) {
      frame[at + 4 + i] = payload[i] ^ frame[at + (i & 3)];
    }
    this.#socket.write(frame);
  }
}

/** Masking keys from a pool refilled with random bytes now and then (one call per frame is dear). */
class MaskPool {
  #pool = Buffer.allocUnsafe(4096);
  #at = this.#pool.length;

  next(target, at) {
    if (this.#at === this.#pool.length) {
      randomFillSync(this.#pool);
      this.#at = 0;
    }
    this.#pool.copy(target, at, this.#at, this.#at + 4);
    this.#at += 4;
  }
}

const MASKS = new MaskPool();

/**
 * Cuts a server's frames (never masked) out of what a socket reads; a frame cut by the end of a
 * read waits, copied, for the next one, and a fragmented message is put together.
 */
export class FrameReader {
  #onMessage;
  #onControl;
  #partial = null;
  #fragments = null;

  constructor(onMessage, onControl) {
    this.#onMessage = onMessage;
    this.#onControl = onControl;
  }

  read(buffer, start, end) {
    if (this.#partial !== null) {
      buffer = Buffer.concat([this.#partial, buffer.subarray(start, end)]);
      start = 0;
      end = buffer.length;
      this.#partial = null;
    }
    let at = start;
    while (end - at >= 2) {
      let length = buffer[at + 1] & 0x7f;
      let header = 2;
      if (length === 126) {
        if (end - at < 4) {
          break;
        }
        length = buffer.readUInt16BE(at + 2);
        header = 4;
      } else if (length === 127) {
        if (end - at < 10) {
          break;
        }
        length = Number(buffer.readBigUInt64BE(at + 2));
        header = 10;
      }
      if (end - at < header + length) {
        break;
      }
      const fin = (buffer[at] & 0x80) !== 0;
      const opcode = buffer[at] & 0x0f;
      const payload = buffer.subarray(at + header, at + header + length);
      at += header + length;
      this.#frame(fin, opcode, payload);
    }
    if (at < end) {
      this.#partial = Buffer.from(buffer.subarray(at, end));
    }
  }

  #frame(fin, opcode, payload) {
    if (opcode >= CLOSE) {
      this.#onControl(opcode, payload);
    } else if (opcode === 0) {
      this.#fragments.push(Buffer.from(payload));
      if (fin) {
        const message = Buffer.concat(this.#fragments);
        this.#fragments = null;
        this.#onMessage(message);
      }
    } else if (!fin) {
      this.#fragments = [Buffer.from(payload)];
    } else {
      this.#onMessage(payload);
    }
  }
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
