// Which links the webview may ask the host to open (`link/open`). The view renders model output, so a
// link in it is untrusted: only schemes that open a browser or a mail client pass. Pure (no 'vscode').
/** Links the host will open for the webview: web and mail only (never command:, file:, vscode:). */
export function isOpenableLink(href: string): boolean {
  try {
    const url = new URL(href);
    return url.protocol === 'https:' || url.protocol === 'http:' || url.protocol === 'mailto:';
  } catch {
    return false;
  }
}
