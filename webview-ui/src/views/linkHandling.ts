// Links never navigate the webview: every click on a link (or a remote-image placeholder) is caught
// here and, for http(s)/mailto and paths only, handed to the host (to open outside, or a workspace
// file in the editor). Code block buttons too.
import { announce } from './announcer';
import type { WebviewToHost } from '../../../src/shared/protocol';
import { md } from '../markdown/markdownIt';
import { h } from './dom';
import { HTTP_URL, isFileLink, SAFE_LINK } from '../markdown/sanitize';

const COPIED_MS = 1500;

/** The Copy button says it copied (a check mark, "Copied") for a moment. */
export function showCopied(button: HTMLElement): void {
  const glyph = button.querySelector('.codicon');
  const label = button.getAttribute('aria-label') ?? '';
  glyph?.classList.replace('codicon-copy', 'codicon-check');
  button.setAttribute('aria-label', 'Copied');
  button.title = 'Copied';
  announce('Copied to the clipboard.');
  setTimeout(() => {
    glyph?.classList.replace('codicon-check', 'codicon-copy');
    button.setAttribute('aria-label', label);
    button.title = label;
  }, COPIED_MS);
}

/** Plain text (an error message) with its web addresses as links, e.g. a quota's help page. */
export function withLinks(text: string): (string | HTMLElement)[] {
  const out: (string | HTMLElement)[] = [];
  let at = 0;
  for (const match of md.linkify.match(text) ?? []) {
    if (!HTTP_URL.test(match.url)) continue;
    out.push(text.slice(at, match.index), h('a', { href: match.url }, match.text));
    at = match.lastIndex;
  }
  out.push(text.slice(at));
  return out;
}

export function installLinkHandling(root: HTMLElement, post: (message: WebviewToHost) => void): void {
  const onActivate = (event: MouseEvent): void => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const codeAction = target.closest<HTMLElement>('[data-code-action]');
    if (codeAction && event.type === 'click') {
      const code = codeAction.closest('.code-block')?.querySelector('code')?.textContent ?? '';
      if (codeAction.dataset.codeAction === 'insert') {
        post({ type: 'code/insert', code });
      } else {
        post({ type: 'code/copy', code });
        showCopied(codeAction);
      }
      return;
    }
    const link = target.closest<HTMLElement>('a, [data-href]');
    if (!link) return;
    event.preventDefault();
    // VS Code's own frame opens every link clicked (a listener on the window, after ours): this one
    // opens it, once, through the host.
    event.stopPropagation();
    if (event.type !== 'click') return;
    const href = link.getAttribute('href') ?? link.dataset.href ?? '';
    if (SAFE_LINK.test(href) || isFileLink(href)) post({ type: 'link/open', href });
  };
  root.addEventListener('click', onActivate, true);
  root.addEventListener('auxclick', onActivate, true);
}
