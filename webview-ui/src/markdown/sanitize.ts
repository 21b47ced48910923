// Sanitizing rendered Markdown into a detached fragment (DOMPurify parses into an inert document, so
// nothing in it loads or runs). Only what markdown-it emits is allowed. Links keep http(s)/mailto only;
// images keep only `data:image/...` sources: any other source is stripped here, inside the inert
// document, and the image becomes a placeholder before anything is adopted into the live page.
import DOMPurify from 'dompurify';
import { isDataImage } from '../views/dom';

const ALLOWED_TAGS = [
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'pre', 'code', 'blockquote', 'hr', 'br',
  'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'img', 'em', 'strong', 's', 'span',
];
const ALLOWED_ATTR = ['href', 'src', 'alt', 'title', 'class', 'start'];
const SAFE_LINK = /^(?:https?:|mailto:)/i;

/** The attribute an image keeps its (not loaded) source in, for the placeholder. */
export const BLOCKED_SRC_ATTR = 'data-blocked-src';

let hooksInstalled = false;

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // After DOMPurify's own checks, the narrower rule per element. Runs inside the inert document.
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'IMG') {
      const src = node.getAttribute('src') ?? '';
      if (!isDataImage(src)) {
        node.removeAttribute('src');
        node.setAttribute(BLOCKED_SRC_ATTR, src);
      }
    } else if (node.nodeName === 'A') {
      const href = node.getAttribute('href');
      if (href !== null && !SAFE_LINK.test(href.trim())) node.removeAttribute('href');
    }
  });
}

/** `blockWrappers`: also keep plain `div`s (renderMarkdownBlocks wraps each block in one). */
export function sanitizeToFragment(html: string, options: { blockWrappers?: boolean } = {}): DocumentFragment {
  installHooks();
  return DOMPurify.sanitize(html, {
    ALLOWED_TAGS: options.blockWrappers ? [...ALLOWED_TAGS, 'div'] : ALLOWED_TAGS,
    ALLOWED_ATTR,
    ADD_URI_SAFE_ATTR: ['start'],
    ALLOW_DATA_ATTR: false,
    RETURN_DOM_FRAGMENT: true,
  });
}
