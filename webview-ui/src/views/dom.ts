// A tiny element factory. Text goes in as text nodes, never as HTML: the only HTML this webview ever
// parses is sanitized Markdown output (markdown/sanitize.ts).
type Attrs = Record<string, string | boolean | undefined | null> & { className?: string | undefined };
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Attrs, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'className') element.className = String(value);
    else element.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

export function icon(name: string): HTMLElement {
  return h('span', { className: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

/**
 * A cheap busy indicator: the codicon turns by a transform in 30 steps, so at most its own span is
 * restyled, 20 times a second. An animated SVG stroke (the toolkit's progress ring) is restyled, laid
 * out and painted every frame.
 */
export function spinner(label: string): HTMLElement {
  return h('span', { className: 'spinner codicon codicon-loading codicon-modifier-spin', role: 'progressbar', 'aria-label': label });
}

/** Only `data:image/...` URLs may become an <img> source: no remote fetch can leave this webview. */
export function isDataImage(url: string | undefined): url is string {
  return !!url && /^data:image\/(?:png|jpe?g|gif|webp|bmp|avif);base64,/i.test(url);
}
