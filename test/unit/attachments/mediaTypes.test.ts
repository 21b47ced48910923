import { strict as assert } from 'node:assert';
import { classifyContent } from '../../../src/core/attachments/classifyContent';
import { attachmentLimits } from '../../../src/core/attachments/limits';
import { formatBytes } from '../../../src/shared/formatBytes';

const limits = attachmentLimits(1024);
const ascii = (s: string): Buffer => Buffer.from(s, 'latin1');
const mimeOf = (name: string, bytes: Buffer): string => {
  const c = classifyContent(name, bytes, limits);
  return c.kind === 'media' ? c.mimeType : 'text';
};

describe('what a file is to Gemini', () => {
  it('tells media apart by their first bytes', () => {
    assert.equal(mimeOf('a', ascii('RIFF\0\0\0\0WEBPVP8 ')), 'image/webp');
    assert.equal(mimeOf('a', ascii('RIFF\0\0\0\0WAVEfmt ')), 'audio/wav');
    assert.equal(mimeOf('a', ascii('ID3\x04\0\0\0\0')), 'audio/mp3');
    assert.equal(mimeOf('a', ascii('fLaC\0\0\0\x22')), 'audio/flac');
    assert.equal(mimeOf('a', ascii('OggS\0\x02\0\0')), 'audio/ogg');
    assert.equal(mimeOf('a', ascii('\0\0\0\x18ftypisom\0\0')), 'video/mp4');
    assert.equal(mimeOf('a', ascii('\0\0\0\x14ftypqt  \0\0')), 'video/mov');
    assert.equal(mimeOf('a', ascii('\0\0\0\x18ftypheic\0\0')), 'image/heic');
    assert.equal(mimeOf('a', ascii('\x1a\x45\xdf\xa3\0\0')), 'video/webm');
  });

  it('goes by the extension for binary formats without a signature, and reads text as text', () => {
    assert.equal(mimeOf('song.aac', ascii('\xff\xf1\x50\x80\0\x1f')), 'audio/aac');
    assert.equal(mimeOf('notes.png', ascii('actually text')), 'text', 'text named .png is still text');
    assert.equal(mimeOf('x.ts', Buffer.from('\ufeffconst x = 1;')), 'text');
    const c = classifyContent('x.ts', Buffer.from('\ufeffconst é = 1;'), limits);
    assert.deepEqual(c, { kind: 'text', text: 'const é = 1;' }, 'the UTF-8 byte-order mark is dropped');
  });

  it('refuses a .docx by name, a zip inside', () => {
    assert.throws(() => classifyContent('report.docx', ascii('PK\x03\x04\x14\0\x06\0'), limits), /“report\.docx” is a file of type application\/zip, which Gemini cannot take/);
  });

  it('shows sizes as VS Code does', () => {
    assert.equal(formatBytes(1), '1 byte');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(200 * 1024 * 1024), '200 MB');
  });
});
