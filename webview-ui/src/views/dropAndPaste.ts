// Reading what is pasted or dropped: Explorer drops carry URIs (VS Code's own type, or text/uri-list),
// desktop drops and pastes carry files, sent to the host as base64.

/** Bigger files go through the paperclip, so the host can stream them instead of one huge message. */
export const MAX_DROPPED_BYTES = 50 * 1024 * 1024;

export function urisFromDrop(data: DataTransfer): string[] {
  const raw = data.getData('application/vnd.code.uri-list') || data.getData('text/uri-list');
  return raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

export type FileResult = { name: string; mimeType: string; base64: string } | { error: string };

export async function filesToAttachments(files: File[]): Promise<FileResult[]> {
  const results: FileResult[] = [];
  for (const file of files) {
    const name = file.name || `pasted-${Date.now()}.${file.type.split('/')[1] ?? 'bin'}`;
    if (file.size > MAX_DROPPED_BYTES) {
      results.push({ error: `${name} is too large to drop here (over 50 MB). Use Add File to Chat… instead.` });
      continue;
    }
    results.push({ name, mimeType: file.type || 'application/octet-stream', base64: await toBase64(file) });
  }
  return results;
}

function toBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('could not read the file'));
    reader.readAsDataURL(file);
  });
}
