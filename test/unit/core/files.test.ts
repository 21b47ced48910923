// The Files API's resumable upload against a loopback server that speaks the protocol: start (sizes and
// type in X-Goog-Upload-Header-*), chunks at increasing offsets, finalize, then polling until ACTIVE.
import { strict as assert } from 'node:assert';
import type { RecordedRequest } from '../../support/fakeGemini';
import { json, sendJson } from '../../support/fakeGemini';
import { ApiError, InvalidInputError } from '../../../src/core';
import { clientFor, rejectionOf, withFakeGemini } from './helpers';

interface UploadServer {
  received: () => Buffer;
  chunks: RecordedRequest[];
  polls: () => number;
}

/** Routes that implement the resumable protocol; the file stays PROCESSING for `processingPolls` checks. */
function serveUploads(fake: ReturnType<ReturnType<typeof withFakeGemini>['fake']>, opts: { granularity: number; processingPolls: number; finalState?: string }): UploadServer {
  const parts: Buffer[] = [];
  const chunks: RecordedRequest[] = [];
  let polls = 0;
  fake.route(
    (r) => r.method === 'POST' && r.url === '/upload/v1beta/files',
    (req, res) => {
      assert.equal(req.headers['x-goog-upload-command'], 'start');
      sendJson(res, 200, {}, { 'x-goog-upload-url': `${fake.baseUrl}/resumable/session-1`, 'x-goog-upload-chunk-granularity': String(opts.granularity) });
    },
  );
  fake.route(
    (r) => r.url === '/resumable/session-1',
    (req, res) => {
      chunks.push(req);
      const offset = Number(req.headers['x-goog-upload-offset']);
      assert.equal(offset, parts.reduce((n, p) => n + p.length, 0), 'chunks arrive at the next offset');
      parts.push(req.bytes ?? Buffer.alloc(0));
      if (req.headers['x-goog-upload-command'] === 'upload, finalize') {
        json({ file: { name: 'files/abc123', uri: `${fake.baseUrl}/v1beta/files/abc123`, mimeType: 'video/mp4', state: 'PROCESSING' } })(req, res);
      } else {
        sendJson(res, 200, {}, { 'x-goog-upload-status': 'active' });
      }
    },
  );
  fake.route(
    (r) => r.method === 'GET' && r.url === '/v1beta/files/abc123',
    (req, res) => {
      polls++;
      const state = polls > opts.processingPolls ? (opts.finalState ?? 'ACTIVE') : 'PROCESSING';
      json({ name: 'files/abc123', uri: `${fake.baseUrl}/v1beta/files/abc123`, mimeType: 'video/mp4', state, expirationTime: '2026-11-24T12:00:00Z' })(req, res);
    },
  );
  return { received: () => Buffer.concat(parts), chunks, polls: () => polls };
}

describe('files.upload (resumable)', () => {
  const { fake } = withFakeGemini();

  it('uploads in chunks with progress, finalizes, and waits until ACTIVE', async () => {
    const server = serveUploads(fake(), { granularity: 16, processingPolls: 2 });
    const data = new Uint8Array(100).map((_, i) => (i * 37) % 256);
    const progress: [number, number][] = [];
    const file = await clientFor(fake()).files.upload({
      data,
      mimeType: 'video/mp4',
      displayName: 'clip.mp4',
      chunkSize: 40, // rounded up to the granularity: 48
      pollIntervalMs: 1,
      onProgress: (sent, total) => progress.push([sent, total]),
    });
    assert.equal(file.state, 'ACTIVE');
    assert.equal(file.name, 'files/abc123');
    assert.equal(file.expirationTime, '2026-11-24T12:00:00Z');
    assert.deepEqual(server.received(), Buffer.from(data), 'the server got every byte, in order');
    assert.deepEqual(
      server.chunks.map((c) => [c.headers['x-goog-upload-offset'], c.headers['x-goog-upload-command'], c.bytes?.length]),
      [
        ['0', 'upload', 48],
        ['48', 'upload', 48],
        ['96', 'upload, finalize', 4],
      ],
    );
    assert.deepEqual(progress, [
      [48, 100],
      [96, 100],
      [100, 100],
    ]);
    assert.equal(server.polls(), 3);
    const start = fake().requests[0];
    assert.equal(start?.headers['x-goog-upload-protocol'], 'resumable');
    assert.equal(start?.headers['x-goog-upload-header-content-length'], '100');
    assert.equal(start?.headers['x-goog-upload-header-content-type'], 'video/mp4');
    assert.deepEqual(start?.json, { file: { displayName: 'clip.mp4' } });
    assert.ok(fake().requests.every((r) => r.headers['x-goog-api-key'] === 'test-key' && !r.url.includes('key=')));
  });

  it('reports a file that failed processing', async () => {
    serveUploads(fake(), { granularity: 1, processingPolls: 0, finalState: 'FAILED' });
    const err = await rejectionOf(clientFor(fake()).files.upload({ data: new Uint8Array(10), mimeType: 'video/mp4', pollIntervalMs: 1 }));
    assert.ok(err instanceof ApiError);
    assert.match(err.message, /could not process/);
  });

  it('refuses bad input, and Vertex, before any request', async () => {
    const client = clientFor(fake());
    assert.ok((await rejectionOf(client.files.upload({ data: 'text' as unknown as Uint8Array, mimeType: 'text/plain' }))) instanceof InvalidInputError);
    assert.ok((await rejectionOf(client.files.upload({ data: new Uint8Array(1), mimeType: '' }))) instanceof InvalidInputError);
    const vertex = clientFor(fake(), { vertexai: true, project: 'p', getAccessToken: async () => 't' });
    assert.ok((await rejectionOf(vertex.files.upload({ data: new Uint8Array(1), mimeType: 'image/png' }))) instanceof InvalidInputError);
    assert.equal(fake().requests.length, 0);
  });
});
