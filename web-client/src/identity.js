// Who the user is in this browser: a display name and a colour remembered in localStorage (the colour
// travels in hello, so every tab of this browser shows the same person), and who is present, one entry per
// person with a colour nobody else present has. The client id itself is the server's to issue
// (net/session.js), one per editor instance: new per page load.

const NAME_KEY = 'quire.displayName';
const COLOR_KEY = 'quire.color';

// The palette of dev.quire.ws.Colors, which the server uses when a hello names no colour.
const PALETTE = Object.freeze([
  '#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#46a3a3', '#f032e6', '#808000',
  '#9a6324', '#800000', '#000075', '#2f4f4f',
]);

/** This browser's colour: picked from the palette once, then remembered. */
export function loadColor(storage = globalThis.localStorage, random = Math.random) {
  try {
    const stored = storage.getItem(COLOR_KEY);
    if (PALETTE.includes(stored)) return stored;
    const picked = PALETTE[Math.floor(random() * PALETTE.length)];
    storage.setItem(COLOR_KEY, picked);
    return picked;
  } catch (e) {
    return PALETTE[Math.floor(random() * PALETTE.length)]; // storage disabled: a colour for this page
  }
}

/**
 * Who is here, one entry per person, each with a colour no other person present shows.
 *
 * Presence names connections, not people; the protocol carries no user id, so one person is one name with
 * one colour (a browser sends its remembered colour from every tab, an integration's token fixes both).
 * Two people whose colours clash: the one whose earliest client id sorts first keeps it, the other takes the
 * next colour of the palette nobody present has. Every page computes this from the same set of people, so all agree.
 *
 * @param {{clientId: string|null, name: string, color: string, self?: boolean}[]} users everyone, self included
 * @returns {{name: string, color: string, clientIds: string[], self: boolean}[]} in the order first seen
 */
export function peoplePresent(users) {
  const people = new Map();
  for (const user of users) {
    const key = `${user.name}\u0000${user.color}`;
    let person = people.get(key);
    if (!person) {
      person = { name: user.name, asked: user.color, color: user.color, clientIds: [], self: false };
      people.set(key, person);
    }
    if (user.clientId) person.clientIds.push(user.clientId);
    person.self ||= Boolean(user.self);
  }
  const first = (person) => [...person.clientIds].sort()[0] ?? '';
  const byFirstClient = [...people.values()].sort((a, b) => (first(a) < first(b) ? -1 : first(a) > first(b) ? 1 : 0));
  // First everyone keeps the colour they asked for unless an earlier person has it; then those who lost it
  // take free colours, so a clash never moves a third person who clashed with nobody.
  const taken = new Set();
  const clashed = [];
  for (const person of byFirstClient) {
    if (taken.has(person.asked)) clashed.push(person);
    else taken.add(person.asked);
  }
  for (const person of clashed) {
    person.color = freeColor(person.asked, taken);
    taken.add(person.color);
  }
  return [...people.values()].map(({ asked, ...person }) => person);
}

function freeColor(asked, taken) {
  if (!taken.has(asked)) return asked;
  const start = Math.max(0, PALETTE.indexOf(asked));
  for (let i = 1; i <= PALETTE.length; i++) {
    const candidate = PALETTE[(start + i) % PALETTE.length];
    if (!taken.has(candidate)) return candidate;
  }
  return asked; // more people than colours: some must share
}

export function loadName(storage = globalThis.localStorage) {
  try {
    return storage.getItem(NAME_KEY) || '';
  } catch (e) {
    return ''; // storage disabled: nameless this time
  }
}

export function saveName(name, storage = globalThis.localStorage) {
  try {
    storage.setItem(NAME_KEY, name);
  } catch (e) {
    // storage disabled or full: the name still applies to this page
  }
}

// Characters a display name may not show, as the server's collab.DisplayNames removes them: C0/C1
// controls, bidirectional marks, embeddings, overrides and isolates (an override in a name reverses
// the text shown after it), and unpaired surrogates. Line breaks and tabs become spaces first.
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
const REMOVED = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A name as it may be shown: cleaned as the server cleans names, 'Anonymous' when nothing is left.
 * Names from the server are clean already; this also covers our own name before it is sent.
 */
export function displayName(name) {
  const cleaned = String(name ?? '').replace(BREAKS, ' ').replace(REMOVED, '').trim();
  return cleaned || 'Anonymous';
}

export function initials(name) {
  const words = (name || 'Anonymous').trim().split(/\s+/).filter(Boolean);
  // By code point, so an emoji stays whole.
  const first = (word) => Array.from(word)[0];
  const letters = words.length > 1 ? first(words[0]) + first(words[words.length - 1]) : Array.from(words[0] ?? '?').slice(0, 2).join('');
  return letters.toUpperCase();
}
