// The only file that knows @vscode/webview-ui-toolkit. The toolkit is unmaintained upstream; the rest of
// the webview asks these factories for a button, a text area or a dropdown, so a later swap to
// @vscode-elements/elements changes this folder and nothing else.
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeDropdown,
  vsCodeOption,
  vsCodeTextArea,
} from '@vscode/webview-ui-toolkit';

let registered = false;

/** Defines the custom elements once. Until then they are plain unknown elements. */
export function registerToolkit(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeTextArea(), vsCodeDropdown(), vsCodeOption());
}
