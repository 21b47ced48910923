// The one Markdown parser. Raw HTML is off: model output is attacker-controlled, and `<img onerror>`
// must come out as text. Links are validated again after sanitizing (sanitize.ts).
import MarkdownIt from 'markdown-it';
import { highlight } from './highlight';

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const md = new MarkdownIt({
  html: false,
  linkify: true,
  typographer: false,
  highlight: (code, lang) => highlight(code, lang) ?? escapeHtml(code),
});

/** State shared by the blocks of one answer, so reference-style links defined earlier resolve later. */
export type MarkdownEnv = Record<string, unknown>;
