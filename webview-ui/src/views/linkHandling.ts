// Links never navigate the webview: every click on a link (or a remote-image placeholder) is caught
// here and, for http(s)/mailto only, handed to the host to open outside. Code block buttons too.
import type { WebviewToHost } from '../../../src/shared/protocol';

const OPENABLE = /^(?:https?:|mailto:)/i;

export function installLinkHandling(root: HTMLElement, post: (message: WebviewToHost) => void): void {
  const onActivate = (event: MouseEvent): void => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const codeAction = target.closest<HTMLElement>('[data-code-action]');
    if (codeAction && event.type === 'click') {
      const code = codeAction.closest('.code-block')?.querySelector('code')?.textContent ?? '';
      post(codeAction.dataset.codeAction === 'insert' ? { type: 'code/insert', code } : { type: 'code/copy', code });
      return;
    }
    const link = target.closest<HTMLElement>('a, [data-href]');
    if (!link) return;
    event.preventDefault();
    if (event.type !== 'click') return;
    const href = link.getAttribute('href') ?? link.dataset.href ?? '';
    if (OPENABLE.test(href)) post({ type: 'link/open', href });
  };
  root.addEventListener('click', onActivate, true);
  root.addEventListener('auxclick', onActivate, true);
}
