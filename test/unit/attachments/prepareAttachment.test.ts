import { strict as assert } from 'node:assert';
import { symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { inspectFile, prepareBytes, prepareFile } from '../../../src/core/attachments/prepareAttachment';
import { AttachmentError } from '../../../src/core/attachments/attachmentError';
import { JPEG, PDF, PNG, TempWorkspace } from './tempWorkspace';

describe('attaching files', () => {
  let ws: TempWorkspace;
  beforeEach(() => (ws = new TempWorkspace()));
  afterEach(() => ws.dispose());

  async function attach(relative: string, trusted = true) {
    const { resolved, verdict } = await inspectFile(path.resolve(ws.root, relative), ws.roots, trusted);
    return { verdict, prepared: await prepareFile(resolved, ws.limits, ws.store) };
  }

  async function refusal(relative: string): Promise<AttachmentError> {
    try {
      await attach(relative);
    } catch (err) {
      assert.ok(err instanceof AttachmentError, String(err));
      return err;
    }
    assert.fail(`${relative} was attached`);
  }

  it('sends a text file as a text part headed by its workspace path, in a fence tagged by its extension', async () => {
    ws.write('src/app.ts', 'export const x = 1;\n');
    const { verdict, prepared } = await attach('src/app.ts');
    assert.deepEqual(verdict, { kind: 'allow' });
    assert.equal(prepared.record.kind, 'text');
    assert.equal(prepared.record.label, 'app.ts');
    assert.equal(prepared.parts[0]?.text, 'src/app.ts:\n```ts\nexport const x = 1;\n```\n');
  });

  it('sends an image as inlineData with the type its bytes show, whatever its name says, after its name', async () => {
    ws.write('shot.png', PNG);
    ws.write('photo.png', JPEG);
    const png = (await attach('shot.png')).prepared;
    assert.equal(png.record.kind, 'image');
    assert.deepEqual(png.parts, [{ text: 'shot.png:' }, { inlineData: { mimeType: 'image/png', data: PNG.toString('base64') } }]);
    assert.deepEqual(await ws.store.readAttachment(png.record.sha256!), PNG, 'the bytes are kept by their hash');
    assert.equal((await attach('photo.png')).prepared.parts[1]?.inlineData?.mimeType, 'image/jpeg');
  });

  it('sends a PDF as inlineData application/pdf', async () => {
    ws.write('docs/spec.pdf', PDF);
    const { prepared } = await attach('docs/spec.pdf');
    assert.equal(prepared.record.kind, 'binary');
    assert.deepEqual(prepared.parts[0], { text: 'docs/spec.pdf:' }, 'its path first, as a text file’s');
    assert.equal(prepared.parts[1]?.inlineData?.mimeType, 'application/pdf');
  });

  it('leaves media above maxInlineBytes with only its name, for the Files API', async () => {
    ws.write('big.pdf', Buffer.concat([PDF, Buffer.alloc(2000, 1)]));
    const { prepared } = await attach('big.pdf');
    assert.deepEqual(prepared.parts, [{ text: 'big.pdf:' }]);
    assert.equal(prepared.record.mimeType, 'application/pdf');
    assert.ok(prepared.bytes && prepared.bytes.length > ws.limits.maxInlineBytes);
  });

  it('refuses an empty file', async () => {
    ws.write('empty.txt', '');
    const err = await refusal('empty.txt');
    assert.equal(err.code, 'empty');
    assert.equal(err.message, '“empty.txt” is empty: there is nothing to attach.');
  });

  it('refuses a 200 MB file without reading it, and names the limit', async () => {
    const file = ws.write('huge.mp4', '');
    truncateSync(file, 200 * 1024 * 1024);
    const err = await refusal('huge.mp4');
    assert.equal(err.code, 'tooLarge');
    assert.equal(err.message, '“huge.mp4” is 200 MB; an attachment can be at most 100 MB. Attach a smaller file.');
  });

  it('refuses a text file above the text limit, suggesting a selection', async () => {
    ws.write('dump.log', 'x'.repeat(3 * 1024 * 1024));
    const err = await refusal('dump.log');
    assert.equal(err.code, 'tooLarge');
    assert.match(err.message, /“dump\.log” is 3 MB of text; a text file can be at most 2 MB\. Attach a selection of it instead\./);
  });

  it('refuses binaries of a type Gemini cannot take, saying what it can take', async () => {
    ws.write('anim.gif', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00', 'latin1'));
    ws.write('tool.bin', Buffer.from([1, 2, 0, 3, 4]));
    const gif = await refusal('anim.gif');
    assert.equal(gif.code, 'unsupportedType');
    assert.match(gif.message, /^“anim\.gif” is a file of type image\/gif, which Gemini cannot take\. You can attach text files \(UTF-8\), images/);
    const bin = await refusal('tool.bin');
    assert.match(bin.message, /^“tool\.bin” is a binary file of no type Gemini Chat knows, which Gemini cannot take\./);
  });

  it('refuses text that is not UTF-8, saying how to fix it', async () => {
    ws.write('latin1.txt', Buffer.from('caf\xe9 cr\xe8me', 'latin1'));
    ws.write('utf16.txt', Buffer.from('\ufeffhello', 'utf16le'));
    const latin = await refusal('latin1.txt');
    assert.equal(latin.code, 'notUtf8');
    assert.equal(latin.message, '“latin1.txt” is not valid UTF-8 text. Reopen it with its encoding, save it as UTF-8, and attach it again.');
    assert.match((await refusal('utf16.txt')).message, /not valid UTF-8 text \(it is UTF-16\)/);
  });

  it('says so when a file was deleted between choosing it and reading it', async () => {
    const file = ws.write('gone.ts', 'x');
    const { resolved } = await inspectFile(file, ws.roots, true);
    unlinkSync(file);
    await assert.rejects(prepareFile(resolved, ws.limits, ws.store), (err: AttachmentError) => {
      assert.equal(err.code, 'missing');
      assert.match(err.message, /^“gone\.ts” no longer exists \(it was deleted or moved after it was chosen\)\./);
      return true;
    });
    await assert.rejects(inspectFile(file, ws.roots, true), /“gone\.ts” no longer exists/);
  });

  it('asks first for a link in the workspace that leads outside it, naming where it leads', async () => {
    const secret = path.join(ws.outside, 'notes.txt');
    writeFileSync(secret, 'private');
    symlinkSync(secret, path.join(ws.root, 'link.txt'));
    const { verdict, resolved } = await inspectFile(path.join(ws.root, 'link.txt'), ws.roots, true, 'chosen');
    assert.equal(resolved.insideWorkspace, false);
    assert.deepEqual(verdict, {
      kind: 'ask',
      reason: `“link.txt” is a link to ${secret}, outside the workspace. Attach what it points to?`,
      why: `a link to ${secret}, outside the workspace`,
    });
  });

  it('asks first for a file dropped from outside the workspace, not for one the user picked there', async () => {
    const file = path.join(ws.outside, 'x.md');
    writeFileSync(file, '# hi');
    const { verdict } = await inspectFile(file, ws.roots, true, 'dropped');
    assert.deepEqual(verdict, { kind: 'ask', reason: `“${file}” is outside the workspace. Attach it anyway?`, why: 'outside the workspace' });
    assert.deepEqual((await inspectFile(file, ws.roots, false, 'chosen')).verdict, { kind: 'allow' });
    writeFileSync(path.join(ws.outside, '.env'), 'KEY=1');
    assert.equal((await inspectFile(path.join(ws.outside, '.env'), ws.roots, true, 'chosen')).verdict.kind, 'ask', 'a secret still asks');
  });

  it('asks first for likely secrets, and for every file in restricted mode', async () => {
    for (const name of ['.env', '.env.local', 'certs/server.pem', 'deploy.key', '.ssh/id_ed25519', '.npmrc']) {
      ws.write(name, 'SECRET=1');
      const { verdict } = await attach(name);
      assert.equal(verdict.kind, 'ask', name);
      assert.match(verdict.kind === 'ask' ? verdict.reason : '', /may hold secrets/);
    }
    for (const name of ['.env.example', '.ssh/id_ed25519.pub', 'keys.ts']) {
      ws.write(name, 'x');
      assert.deepEqual((await attach(name)).verdict, { kind: 'allow' }, name);
    }
    const untrusted = await attach('keys.ts', false);
    assert.deepEqual(untrusted.verdict, {
      kind: 'ask',
      reason: 'This workspace is not trusted: attach “keys.ts” and send it to Gemini?',
      why: 'in a workspace you have not trusted',
    });
  });

  it('takes pasted bytes by their content; the webview’s name and type are only hints', async () => {
    const image = await prepareBytes('image', 'image/png', PNG, ws.limits, ws.store);
    assert.equal(image.record.label, 'image.png');
    assert.deepEqual(image.parts[0], { text: 'image.png:' });
    assert.equal(image.parts[1]?.inlineData?.mimeType, 'image/png');
    const disguised = await prepareBytes('../../etc/passwd', 'image/png', Buffer.from('root:x:0:0'), ws.limits, ws.store);
    assert.equal(disguised.record.label, 'passwd.png');
    assert.equal(disguised.record.kind, 'text');
    // A dropped text file keeps its name, whatever its type says.
    for (const [name, type] of [['notes.txt', 'text/plain'], ['README.md', 'text/markdown'], ['data.csv', 'text/csv'], ['notes', 'text/plain']] as const) {
      assert.equal((await prepareBytes(name, type, Buffer.from('a,b\n1,2\n'), ws.limits, ws.store)).record.label, name);
    }
    await assert.rejects(prepareBytes('a.zip', 'application/zip', Buffer.from('PK\x03\x04\0\0', 'latin1'), ws.limits, ws.store), /application\/zip, which Gemini cannot take/);
  });
});
