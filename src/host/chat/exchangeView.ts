// Transcript records → the display records the webview renders (protocol.ts). Pure.
import type { AttachmentRecord, ChatRecord, ExchangeRecord } from '../../core/transcript';
import type { UsageMetadata } from '../../core/types';
import type { AttachmentView, ChatSummary, ChatView, ExchangeView, UsageView } from '../../shared/protocol';
import type { ChatIndexEntry } from '../../core/store/chatIndex';
import { renderContents } from './answerMarkdown';
import { chatExtras } from '../../core/chatExtras';
import { attachmentRecordsOf } from './pendingAttachments';

/** Images a chip can show (an SVG is attached as text). */
const SHOWN_IMAGE = /^image\/(?:png|jpeg|gif|webp|bmp|avif)$/;

export function attachmentViewOf(a: AttachmentRecord, progress?: number): AttachmentView {
  return {
    id: a.id,
    label: a.label,
    kind: a.kind,
    size: a.size,
    ...(a.detail ? { detail: a.detail } : {}),
    ...(a.kind === 'image' && a.sha256 && SHOWN_IMAGE.test(a.mimeType) ? { keptImage: a.sha256 } : {}),
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
  // A long system instruction is shortened in the header's tooltip (the Markdown export has it whole).
  const extras = chatExtras(chat.config).map((e) => (e.detail.length > 500 ? { ...e, detail: `${e.detail.slice(0, 499)}…` } : e));
  return { id: chat.id, title: chat.title, model: chat.model, ...(extras.length ? { extras } : {}), exchanges: chat.exchanges.map(exchangeViewOf) };
}

export function chatSummaryOf(entry: ChatIndexEntry): ChatSummary {
  return { id: entry.id, title: entry.title };
}
