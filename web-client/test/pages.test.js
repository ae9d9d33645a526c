// The small pure pieces the pages rest on: status wording, identity, the REST mapping.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeStatus, StatusText } from '../src/editor/status.js';
import { initials, loadColor, peoplePresent } from '../src/identity.js';
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
    // Where a reload cannot help, the status says what will.
    [{ connection: 'closed', loaded: true, settled: true, closeCode: 4403 }, StatusText.REVOKED],
    [{ connection: 'closed', loaded: true, settled: true, closeCode: 4401 }, StatusText.EXPIRED],
    [{ connection: 'closed', loaded: false, settled: true, closeCode: 4404 }, StatusText.NOT_FOUND],
    [{ connection: 'closed', loaded: false, settled: true, noAccess: true }, StatusText.NO_ACCESS],
  ];
  for (const [facts, text] of cases) {
    test(`${JSON.stringify(facts)} → ${text}`, () => assert.equal(describeStatus(facts).text, text));
  }
  test('only the closes a reload can mend tell the user to reload', () => {
    for (const code of [4401, 4403, 4404, 4410]) {
      assert.doesNotMatch(describeStatus({ connection: 'closed', loaded: true, settled: true, closeCode: code }).text, /reload/i, `code ${code}`);
    }
    assert.doesNotMatch(describeStatus({ connection: 'closed', loaded: false, settled: true, noAccess: true }).text, /reload/i);
  });
  test('unsaved only when loaded with unacknowledged edits', () => {
    assert.equal(describeStatus({ connection: 'offline', loaded: true, settled: false }).unsaved, true);
    assert.equal(describeStatus({ connection: 'online', loaded: true, settled: true }).unsaved, false);
  });
});

describe('identity', () => {
  const memory = (entries = {}) => ({ getItem: (k) => entries[k] ?? null, setItem: (k, v) => { entries[k] = v; } });
  test('a browser picks its colour from the palette once and keeps it', () => {
    const storage = memory();
    const first = loadColor(storage, () => 0.5);
    assert.equal(first, '#f032e6');
    assert.equal(loadColor(storage, () => 0), first, 'remembered, not picked again');
    assert.equal(loadColor(memory({ 'quire.color': 'red' }), () => 0), '#e6194b', 'a stored value not in the palette is replaced');
  });
  test('one entry per person: two tabs with the same name and colour are one person', () => {
    const present = peoplePresent([
      { clientId: 'c-b', name: 'Ada', color: '#e6194b', self: true },
      { clientId: 'c-a', name: 'Ada', color: '#e6194b' },
      { clientId: 'c-c', name: 'Grace', color: '#3cb44b' },
    ]);
    assert.deepEqual(present.map((p) => [p.name, p.clientIds, p.self]), [['Ada', ['c-b', 'c-a'], true], ['Grace', ['c-c'], false]]);
  });
  test('people whose colours clash get distinct colours, the same on every page', () => {
    const users = [
      { clientId: 'c-2', name: 'Grace', color: '#e6194b' },
      { clientId: 'c-1', name: 'Ada', color: '#e6194b' },
      { clientId: 'c-3', name: 'Alan', color: '#3cb44b' },
    ];
    const colours = (list) => Object.fromEntries(peoplePresent(list).map((p) => [p.name, p.color]));
    // Ada's client id sorts first: she keeps red; Grace takes the next free colour (green is Alan's).
    assert.deepEqual(colours(users), { Ada: '#e6194b', Grace: '#4363d8', Alan: '#3cb44b' });
    assert.deepEqual(colours([...users].reverse()), colours(users), 'the order presence arrived in does not matter');
  });
  test('colours stay distinct up to the palette size, then repeat', () => {
    const users = Array.from({ length: 12 }, (_, i) => ({ clientId: `c-${String(i).padStart(2, '0')}`, name: `P${i}`, color: '#808000' }));
    assert.equal(new Set(peoplePresent(users).map((p) => p.color)).size, 12);
    const thirteen = [...users, { clientId: 'c-99', name: 'P99', color: '#808000' }];
    assert.equal(peoplePresent(thirteen).length, 13);
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
