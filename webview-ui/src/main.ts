// The chat webview's entry point: styles, toolkit elements, the app, then `webview/ready` so the host
// sends a snapshot (the view owns no conversation of its own).
// First: the toolkit reads the CSP nonce while its modules load.
import './components/cspNonce';
import './styles/main.css';
import type { HostToWebview } from '../../src/shared/protocol';
import { registerToolkit } from './components/toolkit';
import { App } from './app';
import { post } from './vscodeApi';

registerToolkit();
const root = document.getElementById('app');
if (root) {
  const app = new App(root);
  window.addEventListener('message', (event: MessageEvent<HostToWebview>) => app.handle(event.data));
  post({ type: 'webview/ready' });
}
