// Shown when there are no credentials, instead of an empty conversation or above one with messages: a
// way forward, not a stack trace.
import type { WebviewToHost } from '../../../src/shared/protocol';
import { toolkitButton } from '../components/button';
import { h } from './dom';

export function welcomeView(post: (message: WebviewToHost) => void): HTMLElement {
  return h(
    'section',
    { className: 'welcome', 'aria-label': 'Welcome' },
    h('h2', {}, 'Welcome to Gemini Chat'),
    h('p', {}, 'To chat with Gemini, set your Gemini API key. It is kept in VS Code\u2019s secret storage and never shown here.'),
    h('p', {}, 'No key yet? Create one in ', h('a', { href: 'https://aistudio.google.com/apikey' }, 'Google AI Studio'), '.'),
    toolkitButton({ label: 'Set API Key', icon: 'key', onClick: () => post({ type: 'action/run', action: 'setApiKey' }) }),
  );
}
