// Transcript records → the display records the webview renders (protocol.ts). Pure.
import type { AttachmentRecord, ChatRecord, ExchangeRecord } from '../../core/transcript';
import type { Content, Part, UsageMetadata } from '../../core/types';
import type { AttachmentView, ChatSummary, ChatView, ExchangeView, UsageView } from '../../shared/protocol';
import type { ChatIndexEntry } from '../../core/store/chatIndex';
import { renderContents } from './answerMarkdown';
import { attachmentRecordsOf } from './pendingAttachments';

export function attachmentViewOf(a: AttachmentRecord, progress?: number): AttachmentView {
  return {
    id: a.id,
    label: a.label,
    kind: a.kind,
    size: a.size,
    mimeType: a.mimeType,
    ...(a.detail ? { detail: a.detail } : {}),
    ...(progress !== undefined ? { progress } : {}),
  };
}

export function usageViewOf(u: UsageMetadata | undefined): UsageView | undefined {
  if (!u) return undefined;
  const view: UsageView = {};
  if (u.promptTokenCount !== undefined) view.prompt = u.promptTokenCount;
  if (u.candidatesTokenCount !== undefined) view.output = u.candidatesTokenCount;
  if (u.thoughtsTokenCount !== undefined) view.thoughts = u.thoughtsTokenCount;
  if (u.totalTokenCount !== undefined) view.total = u.totalTokenCount;
  return view;
}

export function exchangeViewOf(e: ExchangeRecord): ExchangeView {
  const { text, thought } = renderContents(e.model);
  const usage = usageViewOf(e.usage);
  return {
    id: e.id,
    createdAt: e.createdAt,
    user: { text: e.text, attachments: attachmentRecordsOf(e).map((a) => attachmentViewOf(a)) },
    answer: {
      markdown: text,
      ...(thought ? { thoughts: thought } : {}),
      status: e.status,
      ...(e.error ? { error: { ...e.error } } : {}),
      ...(e.sources?.length ? { sources: e.sources.map((s) => ({ ...s })) } : {}),
      ...(usage ? { usage } : {}),
      ...(e.finishReason ? { finishReason: e.finishReason } : {}),
      candidateIndex: e.candidateIndex ?? 0,
      candidateCount: e.candidates?.length ?? 1,
    },
  };
}

export function chatViewOf(chat: ChatRecord): ChatView {
  const extras = extrasOf(chat.config);
  return { id: chat.id, title: chat.title, model: chat.model, ...(extras.length ? { extras } : {}), exchanges: chat.exchanges.map(exchangeViewOf) };
}

const isContent = (x: Part | Content): x is Content => Array.isArray((x as Content).parts);

/**
 * What the chat's requests carry unseen in the conversation: the user should know an instruction or a
 * tool shapes every answer (a workspace setting may have put it there).
 */
function extrasOf(config: ChatRecord['config']): NonNullable<ChatView['extras']> {
  const extras: NonNullable<ChatView['extras']> = [];
  const instruction = config?.systemInstruction;
  if (instruction) {
    const parts: Part[] = typeof instruction === 'string' ? [{ text: instruction }] : isContent(instruction) ? instruction.parts : [instruction];
    const text = parts.map((p) => p.text ?? '').join('');
    extras.push({ label: 'System instruction', detail: text.length > 500 ? `${text.slice(0, 499)}…` : text });
  }
  if (config?.tools?.some((t) => t.googleSearch)) extras.push({ label: 'Google Search', detail: 'Answers may search the web with Google Search.' });
  if (config?.tools?.some((t) => t.codeExecution)) extras.push({ label: 'Code execution', detail: 'Gemini may write and run code to answer.' });
  if (config?.safetySettings?.length) extras.push({ label: 'Safety settings', detail: config.safetySettings.map((s) => `${s.category}: ${s.threshold}`).join('\n') });
  return extras;
}

export function chatSummaryOf(entry: ChatIndexEntry): ChatSummary {
  return { id: entry.id, title: entry.title, model: entry.model, updatedAt: entry.updatedAt, exchanges: entry.exchanges };
}
