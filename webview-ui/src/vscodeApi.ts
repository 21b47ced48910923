// The webview's side of the channel: typed postMessage and the state VS Code keeps for a hidden or
// disposed view (getState/setState survive both; the DOM does not).
import type { WebviewToHost } from '../../src/shared/protocol';

/** Where a reader who scrolled up was: the exchange at the top of the view, and how far into it. */
export interface ReadingPlace {
  chatId: string;
  exchangeId: string;
  /** Pixels from the exchange's top to the view's top. */
  offset: number;
}

/** What this view keeps across being hidden or disposed. */
export interface PersistedState {
  /** The composer's text, so nothing typed is lost (the host keeps each chat's too, across reloads). */
  draft: string;
  /** When `draft` was typed (Date.now()), to tell it from an older or newer copy the host has. */
  draftAt: number;
  /** The chat `draft` was typed for. */
  draftChatId?: string;
  /** Messages sent from this view, newest last, for Up-to-recall. */
  sent: string[];
  /** Where the reader was in the chats they last scrolled up in, newest last (a chat read to its
   * newest message has none: it opens there). */
  places: ReadingPlace[];
}

/** Chats whose reading place is kept. */
const MAX_PLACES = 20;

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi = acquireVsCodeApi();

export function post(message: WebviewToHost): void {
  api.postMessage(message);
}

let cached: PersistedState | undefined;

/** The one state object of this view, read once: every part that keeps something writes it whole. */
export function loadState(): PersistedState {
  cached ??= readState();
  return cached;
}

function readState(): PersistedState {
  const raw = api.getState() as Partial<PersistedState> | undefined | null;
  return {
    draft: typeof raw?.draft === 'string' ? raw.draft : '',
    draftAt: typeof raw?.draftAt === 'number' && Number.isFinite(raw.draftAt) ? raw.draftAt : 0,
    draftChatId: typeof raw?.draftChatId === 'string' ? raw.draftChatId : undefined,
    sent: Array.isArray(raw?.sent) ? raw.sent.filter((s): s is string => typeof s === 'string').slice(-20) : [],
    places: Array.isArray(raw?.places) ? raw.places.filter(isPlace).slice(-MAX_PLACES) : [],
  };
}

function isPlace(p: unknown): p is ReadingPlace {
  const place = p as Partial<ReadingPlace> | null;
  return typeof place?.chatId === 'string' && typeof place.exchangeId === 'string' && typeof place.offset === 'number' && Number.isFinite(place.offset);
}

/** Keeps `place` as the chat's reading place (none: the chat is read to its newest message). */
export function keepPlace(chatId: string, place: ReadingPlace | undefined): void {
  const current = loadState();
  const old = current.places.find((p) => p.chatId === chatId);
  if (old?.exchangeId === place?.exchangeId && old?.offset === place?.offset) return;
  const others = current.places.filter((p) => p.chatId !== chatId);
  current.places = place ? [...others, place].slice(-MAX_PLACES) : others;
  api.setState(current);
}

export function saveState(state: PersistedState): void {
  api.setState(state);
}
