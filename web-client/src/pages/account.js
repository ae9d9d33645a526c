// Who this tab is signed in as, and the way out: a "Sign out" button for page headers.
import { h } from '../dom.js';
import { isSignedIn, signOut } from '../auth.js';

/** A sign-out button, or null when this tab is not signed in with a token of its own (open server, share link). */
export function signOutButton({ name } = {}) {
  if (!isSignedIn()) return null;
  return h('button', {
    class: 'button small', id: 'sign-out', title: name ? `Signed in as ${name}` : 'Signed in',
    onclick: () => {
      signOut();
      location.assign('/');
    },
  }, 'Sign out');
}
