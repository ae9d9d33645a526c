// The small pure pieces the pages rest on: status wording, identity, the REST mapping.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeStatus, StatusText } from '../src/editor/status.js';
import { colorFor, initials } from '../src/identity.js';
import { listDocuments, createDocument, ApiError, listSaves, getSave, restoreSave } from '../src/api.js';
import { transformRange } from '../src/editor/binding.js';
import Delta from 'quill-delta';

describe('status line', () => {
  const cases = [
    [{ connection: 'connecting', loaded: false, settled: false }, StatusText.CONNECTING],
    [{ connection: 'offline', loaded: false, settled: false }, StatusText.CONNECTING],
    [{ connection: 'online', loaded: true, settled: true }, StatusText.SAVED],
    [{ connection: 'online', loaded: true, settled: false }, StatusText.SAVING],
    [{ connection: 'offline', loaded: true, settled: false }, StatusText.OFFLINE_KEPT],
    [{ connection: 'connecting', loaded: true, settled: false }, StatusText.OFFLINE_KEPT],
    [{ connection: 'offline', loaded: true, settled: true }, StatusText.OFFLINE],
    [{ connection: 'closed', loaded: true, settled: true, closeCode: 4410 }, StatusText.DELETED],
    [{ connection: 'closed', loaded: true, settled: false, closeCode: 1008 }, StatusText.DISCONNECTED],
  ];
  for (const [facts, text] of cases) {
    test(`${JSON.stringify(facts)} → ${text}`, () => assert.equal(describeStatus(facts).text, text));
  }
  test('unsaved only when loaded with unacknowledged edits', () => {
    assert.equal(describeStatus({ connection: 'offline', loaded: true, settled: false }).unsaved, true);
    assert.equal(describeStatus({ connection: 'online', loaded: true, settled: true }).unsaved, false);
  });
});

describe('identity', () => {
  test('colour from the id, as the server computes it (String.hashCode mod palette)', () => {
    // "a".hashCode() = 97 → 97 mod 12 = 1; "c-77".hashCode() = 2994314 → 2994314 mod 12 = 2
    assert.equal(colorFor('a'), '#3cb44b');
    assert.equal(colorFor('c-77'), '#4363d8');
  });
  test('initials', () => {
    assert.equal(initials('Ada Lovelace'), 'AL');
    assert.equal(initials('grace'), 'GR');
    assert.equal(initials(''), 'AN');
  });
});

describe('REST mapping', () => {
  const reply = (status, body) => async () => ({
    ok: status < 300, status, statusText: 'x', text: async () => (body == null ? '' : JSON.stringify(body)),
  });
  test('the list accepts {"documents"} and maps dates', async () => {
    const { documents, nextCursor } = await listDocuments({
      fetch: reply(200, { documents: [{ id: 'a', title: 'T', version: 3, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-02T00:00:00Z' }], nextCursor: 'n' }),
    });
    assert.equal(documents[0].title, 'T');
    assert.equal(documents[0].updatedAt.toISOString(), '2026-01-02T00:00:00.000Z');
    assert.equal(nextCursor, 'n');
  });
  test('the list maps who is in each document now, and [] when the server says nothing', async () => {
    const { documents } = await listDocuments({
      fetch: reply(200, { documents: [
        { id: 'a', present: [{ name: 'Ada', color: '#e6194b' }, { name: '', color: 'red;background:url(x)' }] },
        { id: 'b', present: [] },
        { id: 'c' },
      ] }),
    });
    assert.deepEqual(documents.map((d) => d.present), [
      [{ name: 'Ada', color: '#e6194b' }, { name: 'Anonymous', color: '#868e96' }],
      [],
      [],
    ]);
  });
  test('the list also accepts {"items"}', async () => {
    const { documents } = await listDocuments({ fetch: reply(200, { items: [{ id: 'b' }] }) });
    assert.deepEqual(documents.map((d) => [d.id, d.title]), [['b', 'Untitled']]);
  });
  test('a missing endpoint is reported as unavailable', async () => {
    await assert.rejects(listDocuments({ fetch: reply(404, null) }), (e) => e instanceof ApiError && e.unavailable);
  });
  test('problem+json detail becomes the message', async () => {
    await assert.rejects(createDocument('x', { fetch: reply(400, { title: 'Bad', detail: 'title too long' }) }), /title too long/);
  });
});

describe('remote cursor transform', () => {
  test('an insert before a selection shifts both ends; inside it grows it', () => {
    assert.deepEqual(transformRange({ index: 5, length: 2 }, new Delta().insert('abc')), { index: 8, length: 2 });
    assert.deepEqual(transformRange({ index: 5, length: 2 }, new Delta().retain(6).insert('abc')), { index: 5, length: 5 });
    assert.deepEqual(transformRange({ index: 5, length: 2 }, new Delta().retain(4).delete(4)), { index: 4, length: 0 });
  });
});

describe('saved versions REST mapping', () => {
  const calls = [];
  const reply = (status, body) => async (url, init) => {
    calls.push([init.method, url, init.headers.Accept]);
    return { ok: status < 300, status, statusText: 'x', text: async () => (body == null ? '' : JSON.stringify(body)) };
  };
  test('the list maps dates and keeps the newest-first order', async () => {
    const saves = await listSaves('a b', { fetch: reply(200, { id: 'a b', saves: [
      { id: 'a b', number: 2, version: 9, title: 'T', trigger: 'auto', savedAt: '2026-11-26T12:00:03.500Z' },
      { id: 'a b', number: 1, version: 4, title: 'T', trigger: 'explicit', savedBy: 'Grace', savedAt: '2026-11-26T11:00:00Z', label: 'draft' },
    ] }) });
    assert.deepEqual(saves.map((s) => [s.number, s.trigger, s.savedBy, s.label]), [[2, 'auto', null, null], [1, 'explicit', 'Grace', 'draft']]);
    assert.equal(saves[0].savedAt.toISOString(), '2026-11-26T12:00:03.500Z');
    assert.deepEqual(calls.at(-1), ['GET', '/api/documents/a%20b/saves', 'application/json']);
  });
  test('one save carries its content; restore is a POST', async () => {
    const save = await getSave('d', 3, { fetch: reply(200, { number: 3, version: 7, content: { ops: [{ insert: 'x\n' }] } }) });
    assert.deepEqual(save.content, { ops: [{ insert: 'x\n' }] });
    assert.deepEqual(await restoreSave('d', 3, { fetch: reply(200, { id: 'd', version: 8 }) }), { id: 'd', version: 8 });
    assert.deepEqual(calls.at(-1), ['POST', '/api/documents/d/saves/3/restore', 'application/json']);
  });
  test('a missing save is an ApiError', async () => {
    await assert.rejects(getSave('d', 9, { fetch: reply(404, { title: 'Not Found', detail: 'no save 9' }) }), /no save 9/);
  });
});
