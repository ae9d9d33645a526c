// Entry point: styles, then the page for the current path. The server answers / and /d/{id}
// with this same index.html.
import 'quill/dist/quill.snow.css';
import 'quill-cursors/css';
import './app.css';
import { renderListPage } from './pages/list.js';
import { renderEditorPage } from './pages/editor.js';
import { takeTokenFromFragment } from './auth.js';

// First of all, before anything can log or share the address: a #token=… moves to sessionStorage.
takeTokenFromFragment();

const root = document.getElementById('app');
const match = /^\/d\/([^/]+)\/?$/.exec(location.pathname);
if (match) {
  let id;
  try {
    id = decodeURIComponent(match[1]);
  } catch (e) {
    id = '';
  }
  renderEditorPage(root, id);
} else {
  renderListPage(root);
}
document.documentElement.dataset.quire = 'ready';
