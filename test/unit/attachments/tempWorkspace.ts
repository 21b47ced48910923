// A real workspace folder in a temp dir, and the chat store's attachment files beside it, for the
// attachment tests.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ChatStore, NodeFileStore, systemClock } from '../../../src/core/store';
import type { WorkspaceRoot } from '../../../src/core/attachments/workspaceFile';
import { attachmentLimits } from '../../../src/core/attachments/limits';

export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a3d8b8a60000000049454e44ae426082', 'hex');
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.from('JFIF\0rest of a jpeg')]);
export const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n\0trailer');

export class TempWorkspace {
  readonly base = mkdtempSync(path.join(tmpdir(), 'gemini-chat-attach-'));
  readonly root = path.join(this.base, 'project');
  readonly outside = path.join(this.base, 'elsewhere');
  readonly roots: WorkspaceRoot[] = [{ name: 'project', path: this.root }];
  readonly store = new ChatStore({ files: new NodeFileStore(path.join(this.base, 'storage')), state: mapState(), clock: systemClock });
  readonly limits = attachmentLimits(1024);

  constructor() {
    mkdirSync(this.root, { recursive: true });
    mkdirSync(this.outside, { recursive: true });
  }

  /** Writes a file under the workspace (or under `outside` with an absolute-looking `../elsewhere/...`). */
  write(relative: string, content: string | Uint8Array): string {
    const file = path.resolve(this.root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    return file;
  }

  dispose(): void {
    rmSync(this.base, { recursive: true, force: true });
  }
}

function mapState() {
  const map = new Map<string, unknown>();
  return {
    get: <T>(key: string) => map.get(key) as T | undefined,
    update: async (key: string, value: unknown) => void map.set(key, value),
  };
}
