// Display records for the webview tests, with defaults a test overrides only where it matters.
import type { AnswerView, ChatView, ExchangeView, Snapshot } from '../../src/shared/protocol';

export function answer(overrides: Partial<AnswerView> = {}): AnswerView {
  return { markdown: '', status: 'complete', candidateIndex: 0, candidateCount: 1, ...overrides };
}

let counter = 0;
export function exchange(userText: string, answerOverrides: Partial<AnswerView> = {}, id = `ex-${++counter}`): ExchangeView {
  return { id, user: { text: userText, attachments: [] }, answer: answer(answerOverrides) };
}

export function chat(exchanges: ExchangeView[], overrides: Partial<ChatView> = {}): ChatView {
  return { id: 'chat-1', title: 'Sorting in TypeScript', model: 'gemini-2.5-flash', exchanges, ...overrides };
}

export function snapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  const open = overrides.chat ?? chat([]);
  return {
    chats: [{ id: open.id, title: open.title }],
    chat: open,
    busy: false,
    needsCredentials: false,
    composer: { attachments: [] },
    ...overrides,
  };
}
