// A small workspace folder for the editor to open: a source file to select from and an image to attach.
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const SAMPLE_SOURCE = [
  'export function fibonacci(n: number): number {',
  '  return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2);',
  '}',
  '',
  'export const answer = fibonacci(10);',
  '',
].join('\n');

/** A 1×1 PNG (red pixel): a real image the extension must send as inlineData. */
export const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

export interface Workspace {
  dir: string;
  file(relative: string): string;
  dispose(): void;
}

export function makeWorkspace(): Workspace {
  const dir = mkdtempSync(path.join(tmpdir(), 'gemini-chat-ws-'));
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  writeFileSync(path.join(dir, 'src', 'fib.ts'), SAMPLE_SOURCE);
  writeFileSync(path.join(dir, 'pixel.png'), PIXEL_PNG);
  writeFileSync(path.join(dir, 'notes.md'), '# Notes\n\nNothing here yet.\n');
  return {
    dir,
    file: (relative) => path.join(dir, relative),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
