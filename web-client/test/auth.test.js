// The credential of a tab: taken from the fragment once, kept in sessionStorage, sent on REST and WebSocket.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { authHeaders, currentToken, roleFor, takeTokenFromFragment, withAccessToken } from '../src/auth.js';
import { getMe } from '../src/api.js';

function fakeStorage() {
  const values = new Map();
  return { getItem: (k) => values.get(k) ?? null, setItem: (k, v) => values.set(k, String(v)) };
}

describe('token from the URL fragment', () => {
  test('is stored and stripped from the address bar, keeping path and query', () => {
    const storage = fakeStorage();
    const replaced = [];
    const location = { hash: '#token=qs_abc-123', pathname: '/d/notes', search: '?x=1' };
    const history = { state: null, replaceState: (state, title, url) => replaced.push(url) };
    assert.equal(takeTokenFromFragment({ location, history, storage }), 'qs_abc-123');
    assert.equal(currentToken({ storage }), 'qs_abc-123');
    assert.deepEqual(replaced, ['/d/notes?x=1']);
  });

  test('other fragment parameters survive', () => {
    const replaced = [];
    const location = { hash: '#token=t&section=2', pathname: '/d/a', search: '' };
    takeTokenFromFragment({ location, history: { replaceState: (s, t, url) => replaced.push(url) }, storage: fakeStorage() });
    assert.deepEqual(replaced, ['/d/a#section=2']);
  });

  test('no token: nothing stored, address untouched', () => {
    const storage = fakeStorage();
    const history = { replaceState: () => assert.fail('must not rewrite the address') };
    assert.equal(takeTokenFromFragment({ location: { hash: '', pathname: '/', search: '' }, history, storage }), null);
    assert.equal(storage.getItem('quire.token'), null);
  });
});

describe('sending the token', () => {
  test('REST: Authorization Bearer; none without a token', () => {
    assert.deepEqual(authHeaders('qt_x'), { Authorization: 'Bearer qt_x' });
    assert.deepEqual(authHeaders(null), {});
  });

  test('WebSocket: access_token query parameter, encoded', () => {
    assert.equal(withAccessToken('ws://h/ws/documents/a', 'a.b+c'), 'ws://h/ws/documents/a?access_token=a.b%2Bc');
    assert.equal(withAccessToken('ws://h/ws/documents/a?x=1', 't'), 'ws://h/ws/documents/a?x=1&access_token=t');
    assert.equal(withAccessToken('ws://h/ws/documents/a', null), 'ws://h/ws/documents/a');
  });

  test('getMe asks /api/me', async () => {
    const calls = [];
    const fetch = async (path, init) => {
      calls.push({ path, init });
      return { ok: true, status: 200, text: async () => '{"kind":"share-link","documents":{"d1":"view"}}' };
    };
    const me = await getMe({ fetch });
    assert.equal(calls[0].path, '/api/me');
    assert.equal(roleFor(me, 'd1'), 'view');
  });
});

describe('role on a document', () => {
  test('its own entry, else the wildcard, else none', () => {
    const me = { documents: { d1: 'view', '*': 'edit' } };
    assert.equal(roleFor(me, 'd1'), 'view');
    assert.equal(roleFor(me, 'other'), 'edit');
    assert.equal(roleFor({ documents: { d1: 'edit' } }, 'd2'), null);
  });
});

function fakeLocalStorage() {
  const values = new Map();
  return {
    getItem: (k) => values.get(k) ?? null,
    setItem: (k, v) => values.set(k, String(v)),
    removeItem: (k) => values.delete(k),
    key: (i) => [...values.keys()][i] ?? null,
    get length() { return values.size; },
  };
}

describe('share links kept for their document', () => {
  test('a qs_ secret opened on /d/{id} is remembered for that document only, not as the tab token', async () => {
    const { takeTokenFromFragment: take, currentToken: current, signOut: out } = await import(`../src/auth.js?links=${Date.now()}`);
    const storage = fakeLocalStorage();
    const links = fakeLocalStorage();
    const location = { hash: '#token=qs_secret', pathname: '/d/notes', search: '' };
    take({ location, history: { replaceState: () => {} }, storage, links });
    assert.equal(storage.getItem('quire.token'), null, 'not the tab token');
    assert.equal(links.getItem('quire.link.notes'), 'qs_secret');
    assert.equal(current({ storage, links, pathname: '/d/notes' }), 'qs_secret');
    out({ storage, links });
    assert.equal(links.getItem('quire.link.notes'), null, 'signing out forgets remembered links');
  });

  test('a bookmark (a fresh page) finds the remembered link of its document, and no other', async () => {
    const { currentToken: current } = await import(`../src/auth.js?bookmark=${Date.now()}`);
    const links = fakeLocalStorage();
    links.setItem('quire.link.notes', 'qs_secret');
    assert.equal(current({ storage: fakeLocalStorage(), links, pathname: '/d/notes' }), 'qs_secret');
    assert.equal(current({ storage: fakeLocalStorage(), links, pathname: '/d/other' }), null);
    assert.equal(current({ storage: fakeLocalStorage(), links, pathname: '/' }), null);
  });

  test('a signed-in token wins over a remembered link', async () => {
    const { currentToken: current, signIn: keep } = await import(`../src/auth.js?signed=${Date.now()}`);
    const storage = fakeLocalStorage();
    const links = fakeLocalStorage();
    links.setItem('quire.link.notes', 'qs_secret');
    keep('qt_mine', { storage });
    assert.equal(current({ storage, links, pathname: '/d/notes' }), 'qt_mine');
  });
});

describe('coming back after signing in', () => {
  test('only to a path of this site', async () => {
    const { afterSignIn, signInPath } = await import('../src/auth.js');
    assert.equal(afterSignIn('?next=%2Fd%2Fnotes'), '/d/notes');
    assert.equal(afterSignIn(signInPath('/d/notes').slice(1)), '/d/notes');
    assert.equal(afterSignIn('?next=%2F%2Fevil.example%2F'), '/');
    assert.equal(afterSignIn('?next=%2F%5Cevil.example'), '/');
    assert.equal(afterSignIn('?next=https%3A%2F%2Fevil.example'), '/');
    assert.equal(afterSignIn(''), '/');
  });
});
