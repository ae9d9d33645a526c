// Entry point: styles, then the page for the current path. The server answers / and /d/{id}
// with this same index.html.
import 'quill/dist/quill.snow.css';
import 'quill-cursors/css';
import './app.css';
import { renderListPage } from './pages/list.js';
import { renderEditorPage } from './pages/editor.js';
import { renderSignInPage } from './pages/signin.js';
import { signOutButton } from './pages/account.js';
import { ApiError, getMe } from './api.js';
import { afterSignIn, documentOfPath, isSignedIn, takeTokenFromFragment } from './auth.js';

// First of all, before anything can log or share the address: a #token=… moves to storage.
takeTokenFromFragment();

const root = document.getElementById('app');
if (/^\/d\//.test(location.pathname)) {
  renderEditorPage(root, documentOfPath(location.pathname) ?? '');
  document.documentElement.dataset.quire = 'ready';
} else {
  renderStart().finally(() => {
    document.documentElement.dataset.quire = 'ready';
  });
}

// `/`: the list, or the sign-in form when the server wants a credential this tab does not have (or when a page
// sent the user here to sign in: `?next=`).
async function renderStart() {
  const next = afterSignIn(location.search);
  if (new URLSearchParams(location.search).has('next')) {
    renderSignInPage(root, { next, notice: 'Sign in to open that page.' });
    return;
  }
  let me = null;
  try {
    me = await getMe();
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      const notice = isSignedIn() ? `Your sign-in no longer works (${e.message}). Sign in again.` : null;
      renderSignInPage(root, { next, notice });
      return;
    }
    // Anything else (no /api/me on this server, a network blip): the list page says what it can.
  }
  renderListPage(root);
  const button = signOutButton({ name: me?.name });
  if (button) root.querySelector('header.topbar')?.append(button);
}
