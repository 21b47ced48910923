// The chip of an image on a sent message shows the image, from the chat's kept files (the host gives
// the view their folder); an image whose file is gone shows its kind's icon.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import type { AttachmentView } from '../../src/shared/protocol';
import { chat, exchange, snapshot } from './builders';
import { eventually, useWebviewPage } from './pageSession';
import { openWebviewPage } from '../support/webviewPage';
import { PIXEL_PNG } from '../e2e/support/workspace';

const PNG = PIXEL_PNG;
const KEPT = createHash('sha256').update(PNG).digest('hex');
const GONE = 'f'.repeat(64);

const image = (label: string, keptImage: string): AttachmentView => ({ id: label, label, kind: 'image', size: PNG.length, keptImage });

describe('webview: images on sent messages', () => {
  const view = useWebviewPage({ keptFiles: { [KEPT]: PNG } });

  it('a sent image chip shows the image the chat keeps', async () => {
    const sent = exchange('What is in this screenshot?', { markdown: 'Two pixels.' });
    sent.user.attachments = [image('screenshot.png', KEPT)];
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([sent]) }) });
    const question = view().page.getByRole('article', { name: 'You' });
    await question.getByRole('button', { name: 'Open screenshot.png' }).waitFor();
    const width = await eventually(() => question.locator('img.chip-thumbnail').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), (w) => w > 0, 'the image loaded');
    assert.equal(width, PNG.readUInt32BE(16), 'the kept image, decoded');
  });

  it('an image whose kept file is gone shows its icon', async () => {
    // A page of its own: the browser logs the failed load, which the shared page's check would count.
    const page = await openWebviewPage({ keptFiles: {} });
    try {
      await page.waitForSent('webview/ready');
      const sent = exchange('And this one?', { markdown: 'It is gone.' });
      sent.user.attachments = [image('gone.png', GONE)];
      await page.post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([sent]) }) });
      const question = page.page.getByRole('article', { name: 'You' });
      await question.getByRole('button', { name: 'Open gone.png' }).waitFor();
      await eventually(async () => [await question.locator('img').count(), await question.locator('.codicon-file-media').count()], ([images, icons]) => images === 0 && icons === 1, 'the icon instead of a broken image');
      assert.deepEqual(page.errors().filter((e) => !/404|Failed to load resource/.test(e)), [], 'nothing but the failed load');
    } finally {
      await page.close();
    }
  });
});
