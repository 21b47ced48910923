// One Markdown block → a sanitized, decorated fragment, still detached from the live page: code blocks
// get their Copy / Insert at Cursor buttons, blocked images become placeholders, links get a tooltip.
import { md, type MarkdownEnv } from './markdownIt';
import { BLOCKED_SRC_ATTR, HTTP_URL, sanitizeToFragment } from './sanitize';
import { h, icon } from '../views/dom';

export function renderMarkdown(source: string, env: MarkdownEnv): DocumentFragment {
  const fragment = sanitizeToFragment(md.render(source, env));
  decorate(fragment);
  return fragment;
}

/**
 * Several blocks at once, one fragment each: sanitized in one pass (each pass parses a new inert
 * document, a fixed cost that dominated when a long answer arrived at once as thousands of blocks, and
 * a streaming answer would pay twice a frame: for the blocks that settled and for the tail).
 * Each block's HTML is wrapped in a `div`, which markdown-it never emits (raw HTML is off), so the
 * wrappers are exactly the blocks. `envFor(i)` is block i's env, asked for in order, just before
 * the block is parsed (so a copy made then holds the references defined by the blocks before it).
 */
export function renderMarkdownBlocks(sources: string[], envFor: (index: number) => MarkdownEnv): DocumentFragment[] {
  if (sources.length <= 1) return sources.map((source, i) => renderMarkdown(source, envFor(i)));
  const htmls = sources.map((source, i) => md.render(source, envFor(i)));
  const all = sanitizeToFragment(htmls.map((html) => `<div>${html}</div>`).join(''), { blockWrappers: true });
  decorate(all);
  const wrappers = Array.from(all.children);
  // Only if a block's HTML were unbalanced could the wrappers differ: then each block on its own.
  if (wrappers.length !== sources.length || wrappers.some((w) => w.tagName !== 'DIV')) {
    return htmls.map((html) => {
      const fragment = sanitizeToFragment(html);
      decorate(fragment);
      return fragment;
    });
  }
  return wrappers.map((wrapper) => {
    const fragment = document.createDocumentFragment();
    fragment.append(...Array.from(wrapper.childNodes));
    return fragment;
  });
}

function decorate(root: DocumentFragment): void {
  for (const pre of Array.from(root.querySelectorAll('pre'))) decorateCodeBlock(pre);
  // Under the chat's title (level 1) and each message's author (level 2): an answer's "# Title" is an
  // h3, and keeps its Markdown level as a class for its look.
  for (const heading of Array.from(root.querySelectorAll('h1, h2, h3, h4, h5, h6'))) {
    const level = Number(heading.tagName[1]);
    const under = document.createElement(`h${Math.min(6, level + 2)}`);
    under.className = `md-h${level}`;
    under.append(...Array.from(heading.childNodes));
    heading.replaceWith(under);
  }
  for (const img of Array.from(root.querySelectorAll('img'))) {
    if (img.hasAttribute(BLOCKED_SRC_ATTR)) img.replaceWith(imagePlaceholder(img.getAttribute(BLOCKED_SRC_ATTR) ?? '', img.alt));
  }
  for (const a of Array.from(root.querySelectorAll('a'))) {
    const href = a.getAttribute('href');
    if (href && !a.title) a.title = href;
  }
}

function decorateCodeBlock(pre: HTMLPreElement): void {
  const code = pre.querySelector('code');
  const language = /(?:^|\s)language-(\S+)/.exec(code?.className ?? '')?.[1] ?? '';
  code?.classList.add('hljs');
  // A block of long lines scrolls, and is a stop of the keyboard's (feedKeys.ts): it says what it is.
  pre.setAttribute('role', 'group');
  pre.setAttribute('aria-label', language ? `${language} code` : 'Code');
  const toolbar = h(
    'div',
    { className: 'code-toolbar' },
    h('span', { className: 'code-language' }, language),
    codeAction('copy', 'Copy', 'copy'),
    codeAction('insert', 'Insert at Cursor', 'insert'),
  );
  const wrapper = h('div', { className: 'code-block' });
  pre.replaceWith(wrapper);
  wrapper.append(toolbar, pre);
}

function codeAction(action: string, label: string, iconName: string): HTMLButtonElement {
  const button = h('button', { type: 'button', className: 'action-button', 'data-code-action': action, title: label, 'aria-label': label });
  button.append(icon(iconName));
  return button;
}

/** A remote image is never fetched: it shows its URL and opens in the browser on request. */
function imagePlaceholder(url: string, alt: string): HTMLElement {
  const text = alt ? `Image not loaded: ${alt}` : 'Image not loaded';
  if (!HTTP_URL.test(url)) {
    return h('span', { className: 'image-placeholder' }, icon('file-media'), ` ${text}`);
  }
  return h(
    'button',
    { type: 'button', className: 'image-placeholder', 'data-href': url, title: `Open ${url} in the browser` },
    icon('file-media'),
    ` ${text} `,
    h('span', { className: 'image-url' }, url),
  );
}
