// The Files API's resumable upload, served by the loopback Gemini server: `start` hands out an upload
// URL, `upload, finalize` returns the file (ACTIVE at once). Each upload's bytes are kept for checks.
import type { FakeGemini } from '../../support/fakeGemini';
import { sendJson } from '../../support/fakeGemini';

export interface FakeFilesApi {
  /** The bytes of every finished upload, in order. */
  uploads: Buffer[];
}

/** `beforeFinish`: awaited before an upload's last answer (to hold an upload while a test acts). */
export function serveFilesApi(fake: FakeGemini, expirationTime: string, beforeFinish?: () => Promise<void>): FakeFilesApi {
  const api: FakeFilesApi = { uploads: [] };
  const pending = new Map<string, { mimeType: string; chunks: Buffer[] }>();
  fake.route(
    (req) => req.url.startsWith('/upload/') && req.headers['x-goog-upload-command'] === 'start',
    (req, res) => {
      const id = `u${pending.size + api.uploads.length + 1}`;
      pending.set(id, { mimeType: String(req.headers['x-goog-upload-header-content-type']), chunks: [] });
      sendJson(res, 200, {}, { 'x-goog-upload-url': `${fake.baseUrl}/upload-session/${id}`, 'x-goog-upload-chunk-granularity': '8' });
    },
  );
  fake.route(
    (req) => req.url.startsWith('/upload-session/'),
    async (req, res) => {
      const id = req.url.split('/').pop()!;
      const session = pending.get(id)!;
      // The server keeps bodies as UTF-8 text: the tests upload ASCII bytes so they come through intact.
      session.chunks.push(Buffer.from(req.body, 'utf8'));
      if (!String(req.headers['x-goog-upload-command']).includes('finalize')) return sendJson(res, 200, {});
      await beforeFinish?.();
      pending.delete(id);
      api.uploads.push(Buffer.concat(session.chunks));
      const n = api.uploads.length;
      sendJson(res, 200, { file: { name: `files/f${n}`, uri: `${fake.baseUrl}/v1beta/files/f${n}`, mimeType: session.mimeType, state: 'ACTIVE', expirationTime } });
    },
  );
  return api;
}
