// Full-text search over every message of every chat: the user's messages (with what they attached as
// text) and Gemini's answers (their text as the view shows it, without the Markdown), and the chats'
// titles. A message matches when it holds every word of the query; it ranks higher for the exact
// phrase, more occurrences, a matching title, and recency. A chat whose title alone matches is a hit
// of its own.
import type { ChatRecord, ExchangeRecord } from '../transcript';
import type { Content } from '../types';
import { fold, foldQuery } from './foldedText';
import { readerText } from './readerText';

export interface SearchHit {
  chatId: string;
  chatTitle: string;
  /** The message that holds the query; absent when only the chat's title does. */
  exchangeId?: string;
  /** 0-based position of the exchange in its chat. */
  exchangeIndex?: number;
  side?: 'user' | 'model';
  /** The text around the first hit, on one line, with `…` where it was cut. */
  snippet: string;
  /** Where the hit is inside `snippet`, for highlighting. */
  highlight: [start: number, end: number];
  score: number;
  createdAt: number;
}

export interface SearchOptions {
  limit?: number;
  /** Characters of context on each side of the hit. */
  context?: number;
}

const textOf = (contents: Content[]): string =>
  contents
    .flatMap((c) => c.parts)
    .filter((p) => typeof p.text === 'string' && !p.thought)
    .map((p) => p.text)
    .join('');

/** Each answer's text as the view shows it, made once per answer however many keystrokes search it. */
const answerTexts = new WeakMap<ExchangeRecord, { model: Content[]; text: string }>();

function answerText(e: ExchangeRecord): string {
  const known = answerTexts.get(e);
  if (known?.model === e.model) return known.text;
  const text = readerText(textOf(e.model));
  answerTexts.set(e, { model: e.model, text });
  return text;
}

/** The user's words first, then the text of what they attached (which comes first in the request). */
function messagesOf(e: ExchangeRecord): { side: 'user' | 'model'; text: string }[] {
  // The text of what was attached (a selection, a text file), not a media file's name part.
  let at = 0;
  const attached = e.attachments.flatMap((a) => {
    const parts = e.user.parts.slice(at, (at += a.partCount ?? 0));
    return a.kind === 'image' || a.kind === 'binary' ? [] : parts.filter((p) => p.text && !p.thought).map((p) => p.text);
  });
  const user = [e.text, ...attached].filter(Boolean).join('\n\n');
  return [
    { side: 'user', text: user },
    { side: 'model', text: answerText(e) },
  ];
}

function count(haystack: string, needle: string): number {
  let n = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) n++;
  return n;
}

export function searchChats(chats: Iterable<ChatRecord>, query: string, options: SearchOptions = {}): SearchHit[] {
  const phrase = foldQuery(query);
  if (!phrase) return [];
  const terms = [...new Set(phrase.split(' '))];
  const context = options.context ?? 60;
  const hits: SearchHit[] = [];
  for (const chat of chats) {
    const title = match(chat.title, phrase, terms);
    const titleBonus = title ? 2 : 0;
    const before = hits.length;
    chat.exchanges.forEach((exchange, exchangeIndex) => {
      for (const { side, text } of messagesOf(exchange)) {
        const found = match(text, phrase, terms);
        if (!found) continue;
        hits.push({
          chatId: chat.id,
          chatTitle: chat.title,
          exchangeId: exchange.id,
          exchangeIndex,
          side,
          ...snippetAround(text, found.start, found.end, context),
          score: found.score + titleBonus,
          createdAt: exchange.createdAt,
        });
      }
    });
    if (title && hits.length === before) {
      hits.push({ chatId: chat.id, chatTitle: chat.title, ...snippetAround(chat.title, title.start, title.end, context), score: title.score, createdAt: chat.updatedAt });
    }
  }
  hits.sort((a, b) => b.score - a.score || b.createdAt - a.createdAt);
  return hits.slice(0, options.limit ?? 100);
}

/** Where `text` holds every term (the phrase first, else the earliest term), and how well it matches. */
function match(text: string, phrase: string, terms: string[]): { start: number; end: number; score: number } | undefined {
  const { folded, origin } = fold(text);
  if (!terms.every((t) => folded.includes(t))) return undefined;
  const phraseAt = folded.indexOf(phrase);
  const first = phraseAt !== -1 ? phraseAt : Math.min(...terms.map((t) => folded.indexOf(t)));
  const hitLength = phraseAt !== -1 ? phrase.length : (terms.find((t) => folded.indexOf(t) === first) ?? '').length;
  const occurrences = terms.reduce((n, t) => n + Math.min(count(folded, t), 5), 0);
  return { start: origin[first] ?? 0, end: origin[first + hitLength] ?? text.length, score: (phraseAt !== -1 ? 10 : 0) + occurrences };
}

/** The hit with `context` characters either side, whitespace collapsed, cut at word boundaries. */
function snippetAround(text: string, start: number, end: number, context: number): { snippet: string; highlight: [number, number] } {
  let from = Math.max(0, start - context);
  let to = Math.min(text.length, end + context);
  if (from > 0) from = text.slice(from, start).search(/\s/) + from + 1 || from;
  if (to < text.length) {
    const lastSpace = text.slice(end, to).search(/\s\S*$/);
    if (lastSpace > 0) to = end + lastSpace;
  }
  const collapse = (s: string): string => s.replace(/\s+/g, ' ');
  const before = (from > 0 ? '…' : '') + collapse(text.slice(from, start)).trimStart();
  const hit = collapse(text.slice(start, end));
  const after = collapse(text.slice(end, to)).trimEnd() + (to < text.length ? '…' : '');
  return { snippet: before + hit + after, highlight: [before.length, before.length + hit.length] };
}
