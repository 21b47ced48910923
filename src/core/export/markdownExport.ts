// A chat as a Markdown document: a title, the model and dates, what its requests carry besides the
// conversation (a system instruction, tools, safety settings), then each turn under `## You` or
// `## Gemini`. Everything that came from the user or the model goes through safeMarkdown (code intact,
// HTML escaped, no images); the only images are the chat's own, written beside the document and linked
// relatively.
import type { AttachmentRecord, ChatRecord, ExchangeRecord } from '../transcript';
import type { Content, Part } from '../types';
import { formatBytes } from '../../shared/formatBytes';
import { EMPTY_ANSWER, finishedBecause } from '../../shared/answerNotes';
import { sha256Hex } from '../store/blobParts';
import { toolPartMarkdown } from './toolPartMarkdown';
import { fencedBlock } from './fence';
import { chatExtras } from '../chatExtras';
import { nestHeadings } from './nestHeadings';
import { plainTextMarkdown } from './plainText';
import { safeMarkdown, safeProse } from './safeMarkdown';

export interface MarkdownAsset {
  /** Relative to the document, `/`-separated (`<assetsDir>/<name>`). */
  path: string;
  bytes: Uint8Array;
}

export interface MarkdownExportOptions {
  /** Folder beside the document for images; without it (Copy as Markdown) images are only listed. */
  assetsDir?: string;
  exportedAt: number;
  /** Bytes of attachments kept by sha256 (for images sent through the Files API). */
  readAttachment?: (sha256: string) => Promise<Uint8Array | undefined>;
}

export interface MarkdownExport {
  markdown: string;
  assets: MarkdownAsset[];
}

const IMAGE_EXTENSIONS: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'image/gif': 'gif',
};

export function formatDate(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A single-line value (a title) made safe: no HTML, no heading or list markers of its own. */
function safeLine(text: string): string {
  return safeProse(text.replace(/\s+/g, ' ').trim());
}

export async function chatToMarkdown(chat: ChatRecord, options: MarkdownExportOptions): Promise<MarkdownExport> {
  const assets = new Map<string, MarkdownAsset>();
  const image = async (mimeType: string, bytes: Uint8Array | undefined, alt: string): Promise<string | undefined> => {
    const ext = IMAGE_EXTENSIONS[mimeType];
    if (!options.assetsDir || !ext || !bytes) return undefined;
    const path = `${options.assetsDir}/image-${sha256Hex(bytes).slice(0, 16)}.${ext}`;
    assets.set(path, { path, bytes });
    return `![${escapeBrackets(alt)}](<${path}>)`;
  };

  // A chat whose model changed along the way (Select Model) names the model of each answer.
  const models = [...new Set(chat.exchanges.map((e) => e.modelName ?? chat.model))];
  const mixed = models.length > 1;
  const extras = chatExtras(chat.config);
  const instruction = extras.find((e) => e.label === 'System instruction');
  const blocks: string[] = [
    `# ${safeLine(chat.title) || 'Chat'}`,
    [
      mixed ? `- Models: ${models.map(safeLine).join(', ')} (each answer names its own)` : `- Model: ${safeLine(models[0] ?? chat.model)}`,
      `- Started: ${formatDate(chat.createdAt)}`,
      `- Exported: ${formatDate(options.exportedAt)}`,
      ...extras.filter((e) => e.label !== 'System instruction').map((e) => `- ${e.label}: ${safeLine(e.detail.replace(/\n/g, '; '))}`),
    ].join('\n'),
    // Every answer was shaped by it: it goes with the conversation, whole and as written.
    ...(instruction ? [`System instruction:\n\n${fencedBlock(instruction.detail)}`] : []),
  ];
  for (const exchange of chat.exchanges) {
    blocks.push('## You', ...(await userBlocks(exchange, image, options)));
    blocks.push(mixed ? `## Gemini (${safeLine(exchange.modelName ?? chat.model)})` : '## Gemini', ...(await modelBlocks(exchange, image)));
  }
  const markdown = blocks.map((b) => b.trimEnd()).filter((b) => b !== '').join('\n\n');
  return { markdown: `${markdown}\n`, assets: [...assets.values()] };
}

type ImageWriter = (mimeType: string, bytes: Uint8Array | undefined, alt: string) => Promise<string | undefined>;

const escapeBrackets = (text: string): string => safeLine(text).replace(/[[\]]/g, '\\$&');
const decode = (data: string): Uint8Array => Buffer.from(data, 'base64');

async function userBlocks(e: ExchangeRecord, image: ImageWriter, options: MarkdownExportOptions): Promise<string[]> {
  const blocks: string[] = [];
  const owners = partOwners(e);
  // What the user wrote first, then the text of what they attached (the request sends it the other way).
  // A media file's name part is left out: the list of attachments below names it.
  const isMediaName = (i: number): boolean => owners[i]?.kind === 'image' || owners[i]?.kind === 'binary';
  const texts = e.user.parts.flatMap((part, i) => (part.text !== undefined && !part.thought && !isMediaName(i) ? [{ text: part.text, attached: owners[i] !== undefined }] : []));
  // The typed words as the view shows them (plain text); what was attached is Markdown (fenced code).
  for (const { text } of texts.filter((t) => !t.attached)) blocks.push(plainTextMarkdown(text));
  for (const { text } of texts.filter((t) => t.attached)) blocks.push(safeMarkdown(nestHeadings(text)));
  if (e.attachments.length > 0) {
    const list = e.attachments.map((a) => {
      const where = a.detail && a.detail !== a.label ? ` (${safeLine(a.detail)})` : '';
      return `- ${safeLine(a.label)}${where}, ${safeLine(a.mimeType)}, ${formatBytes(a.size)}`;
    });
    blocks.push(`Attachments:\n\n${list.join('\n')}`);
  }
  for (const [i, part] of e.user.parts.entries()) {
    const media = part.inlineData ?? part.fileData;
    if (!media?.mimeType) continue;
    const attachment = owners[i];
    const bytes = part.inlineData ? decode(part.inlineData.data) : attachment?.sha256 ? await options.readAttachment?.(attachment.sha256) : undefined;
    const link = await image(media.mimeType, bytes, attachment?.label ?? `image ${i + 1}`);
    if (link) blocks.push(link);
  }
  return blocks;
}

/** The attachment each user part came from: attachments' parts come first, `partCount` each. */
function partOwners(e: ExchangeRecord): (AttachmentRecord | undefined)[] {
  return e.attachments.flatMap((a) => new Array<AttachmentRecord>(a.partCount ?? 0).fill(a));
}

async function modelBlocks(e: ExchangeRecord, image: ImageWriter): Promise<string[]> {
  const blocks: string[] = [];
  // Streamed chunks are pieces of one text: join them as they came, and break only at other parts.
  let text = '';
  const flush = (): void => {
    if (text) blocks.push(safeMarkdown(nestHeadings(text)));
    text = '';
  };
  for (const part of modelParts(e.model)) {
    if (part.thought) continue;
    if (part.text !== undefined) {
      text += part.text;
      continue;
    }
    flush();
    const other = await otherPart(part, image);
    if (other) blocks.push(other);
  }
  flush();
  const note = statusNote(e, blocks.length === 0);
  if (note) blocks.push(note);
  return blocks;
}

const modelParts = (contents: Content[]): Part[] => contents.flatMap((c) => c.parts);

async function otherPart(part: Part, image: ImageWriter): Promise<string | undefined> {
  const tool = toolPartMarkdown(part);
  if (tool !== undefined) return tool;
  if (part.inlineData) return (await image(part.inlineData.mimeType, decode(part.inlineData.data), 'generated image')) ?? `(${part.inlineData.mimeType} data)`;
  return undefined;
}

/** How the answer ended, as the view says it (`empty`: it has nothing to show). */
function statusNote(e: ExchangeRecord, empty: boolean): string | undefined {
  switch (e.status) {
    case 'complete':
      if (e.finishReason && e.finishReason !== 'STOP') return `_(${safeLine(finishedBecause(e.finishReason))})_`;
      return empty ? `_(${EMPTY_ANSWER})_` : undefined;
    case 'stopped':
      return '_(stopped)_';
    case 'interrupted':
      // Its message says it was interrupted, and why ("The reply was interrupted: the connection dropped.").
      return `_(${safeLine(e.error?.message ?? 'The answer was interrupted here.')})_`;
    case 'waiting':
    case 'streaming':
      return '_(still arriving when exported)_';
    case 'blocked':
      return '_(blocked by safety filters)_';
    case 'error':
      return `_(error: ${safeLine(e.error?.message ?? 'no answer')})_`;
    default:
      return undefined;
  }
}
