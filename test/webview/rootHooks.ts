// Mocha root hooks for the webview suite: build the bundle if it is stale (npm test builds first
// anyway), and close the shared Chromium at the end.
import { closeBrowser, ensureWebviewBuilt } from '../support/webviewPage';

export const mochaHooks = {
  beforeAll(): void {
    ensureWebviewBuilt();
  },
  async afterAll(): Promise<void> {
    await closeBrowser();
  },
};
