// Sanitizing rendered Markdown into a detached fragment (DOMPurify parses into an inert document, so
// nothing in it loads or runs). Only what markdown-it emits is allowed. Links keep http(s)/mailto and
// paths only; images keep only `data:image/...` sources: any other source is stripped here, inside the
// inert document, and the image becomes a placeholder before anything is adopted into the live page.
import DOMPurify, { type Config } from 'dompurify';
import { isDataImage } from '../views/dom';

const ALLOWED_TAGS = [
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'pre', 'code', 'blockquote', 'hr', 'br',
  'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'img', 'em', 'strong', 's', 'span',
];
const ALLOWED_ATTR = ['href', 'src', 'alt', 'title', 'class', 'start'];
/** The links that may be followed (outside the view, by the host). */
export const SAFE_LINK = /^(?:https?:|mailto:)/i;
/**
 * A path (no scheme, no host, not only a fragment, no space, and no control character also once decoded:
 * `my%20notes.md` is one): the host opens it if the workspace has that file.
 */
export function isFileLink(href: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(href);
  } catch {
    return false;
  }
  return href !== '' && !/^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i.test(href) && !/[\s\p{Cc}]/u.test(href) && !/\p{Cc}/u.test(decoded);
}
/** A web address (the sources, a link's tooltip, an error's help page). */
export const HTTP_URL = /^https?:\/\//i;

/** The attribute an image keeps its (not loaded) source in, for the placeholder. */
export const BLOCKED_SRC_ATTR = 'data-blocked-src';

type Purifier = ReturnType<typeof DOMPurify>;

/**
 * A sanitizer with `config` set once: DOMPurify parses a config passed to each call again on every
 * call, and a streaming answer sanitizes once or twice per frame.
 */
function purifier(config: Config): Purifier {
  const instance = DOMPurify(window);
  instance.setConfig(config);
  // After DOMPurify's own checks, the narrower rule per element. Runs inside the inert document.
  instance.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'IMG') {
      const src = node.getAttribute('src') ?? '';
      if (!isDataImage(src)) {
        node.removeAttribute('src');
        node.setAttribute(BLOCKED_SRC_ATTR, src);
      }
    } else if (node.nodeName === 'A') {
      const href = node.getAttribute('href');
      if (href !== null && !SAFE_LINK.test(href.trim()) && !isFileLink(href)) node.removeAttribute('href');
    }
  });
  return instance;
}

const CONFIG: Config = { ALLOWED_TAGS, ALLOWED_ATTR, ADD_URI_SAFE_ATTR: ['start'], ALLOW_DATA_ATTR: false, RETURN_DOM_FRAGMENT: true };
let plain: Purifier | undefined;
let withWrappers: Purifier | undefined;

/** `blockWrappers`: also keep plain `div`s (renderMarkdownBlocks wraps each block in one). */
export function sanitizeToFragment(html: string, options: { blockWrappers?: boolean } = {}): DocumentFragment {
  const sanitizer = options.blockWrappers
    ? (withWrappers ??= purifier({ ...CONFIG, ALLOWED_TAGS: [...ALLOWED_TAGS, 'div'] }))
    : (plain ??= purifier(CONFIG));
  // With RETURN_DOM_FRAGMENT set (in the config), sanitize returns a fragment.
  return sanitizer.sanitize(html) as unknown as DocumentFragment;
}
