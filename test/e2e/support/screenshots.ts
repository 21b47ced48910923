// Every step leaves a screenshot in test-results/e2e/<file>/ (a CI artifact). With UPDATE_SCREENSHOTS=1
// the steps marked for the README are also copied to media/screenshots/.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';

const REPO = path.resolve(__dirname, '../../..');
export const RESULTS_DIR = path.join(REPO, 'test-results', 'e2e');
const README_DIR = path.join(REPO, 'media', 'screenshots');

export class Screenshots {
  private step = 0;
  readonly dir: string;

  constructor(group: string) {
    this.dir = path.join(RESULTS_DIR, group.replace(/[^a-z0-9]+/gi, '-').toLowerCase());
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }

  /** Saves `NN-<name>.png`; `readmeName` marks it as one of the README's pictures. */
  async take(page: Page, name: string, readmeName?: string): Promise<string> {
    this.step++;
    const file = path.join(this.dir, `${String(this.step).padStart(2, '0')}-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
    await page.screenshot({ path: file });
    if (readmeName && process.env.UPDATE_SCREENSHOTS === '1') {
      mkdirSync(README_DIR, { recursive: true });
      copyFileSync(file, path.join(README_DIR, readmeName));
    }
    return file;
  }
}
