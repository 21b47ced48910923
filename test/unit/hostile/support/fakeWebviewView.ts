// A webview view as VS Code hands one to a provider's resolveWebviewView: `posted` receives what the
// provider posts to the page, `deliver` is the page posting to the provider.
import type { ChatViewProvider } from '../../../../src/host/chatViewProvider';
import type { HostToWebview } from '../../../../src/shared/protocol';

export function resolveFakeView(provider: ChatViewProvider, posted: (message: HostToWebview) => void = () => undefined): (raw: unknown) => void {
  let listener: ((raw: unknown) => void) | undefined;
  const noop = { dispose: () => undefined };
  provider.resolveWebviewView({
    webview: {
      options: {},
      html: '',
      cspSource: 'vscode-webview://test',
      asWebviewUri: (u: unknown) => u,
      onDidReceiveMessage: (l: (raw: unknown) => void) => ((listener = l), noop),
      postMessage: (m: HostToWebview) => (posted(m), Promise.resolve(true)),
    },
    onDidDispose: () => noop,
    visible: true,
  } as never);
  return (raw) => listener?.(raw);
}
