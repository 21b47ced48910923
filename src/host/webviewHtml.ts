// The chat webview's HTML. Pure (no 'vscode' import) so the webview tests load the very same page.
// CSP: nothing runs but our own bundle (by nonce); images only from the extension's own resources (the
// bundle's folder and the chat's kept files), data: and blob:
// (no remote images: the classic exfiltration channel of chat extensions); no inline styles from markup.

export interface WebviewHtmlInput {
  /** `webview.cspSource`. */
  cspSource: string;
  /** Fresh per render, from `crypto.randomBytes`. */
  nonce: string;
  scriptUri: string;
  styleUris: string[];
  /** `vscode.env.language`, for the document's lang attribute. */
  lang?: string;
  /** The webview's URL of the folder of the chat's kept files (attachment images are shown from there). */
  keptFilesUri?: string;
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function renderWebviewHtml({ cspSource, nonce, scriptUri, styleUris, lang = 'en', keptFilesUri }: WebviewHtmlInput): string {
  const csp = [
    "default-src 'none'",
    `img-src ${cspSource} data: blob:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  const styles = styleUris.map((u) => `<link rel="stylesheet" href="${escapeAttr(u)}" nonce="${nonce}">`).join('\n    ');
  return `<!DOCTYPE html>
<html lang="${escapeAttr(lang)}">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${csp}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${styles}
    <title>Gemini Chat</title>
  </head>
  <body>
    <div id="app"${keptFilesUri ? ` data-kept-files="${escapeAttr(keptFilesUri)}"` : ''}></div>
    <script nonce="${nonce}" src="${escapeAttr(scriptUri)}"></script>
  </body>
</html>`;
}
