// One exchange: the user's article and Gemini's. The shell (both articles, the user's text) is cheap
// and always built; the answer's Markdown is rendered when the exchange first comes near the viewport,
// so a chat of a thousand exchanges opens without parsing a thousand answers.
import type { ExchangeView, UsageView } from '../../../src/shared/protocol';
import { AnswerElement, type AnswerContext } from './answerView';
import { attachmentList } from './attachmentChips';
import { actionButton } from '../components/button';
import { h, icon } from './dom';
import { DEFAULT_TEXT_WIDTH, exchangeHeight } from './heightEstimate';
import { LONG_WORD } from '../streaming/markdownStream';
import { formatBytes } from '../../../src/shared/formatBytes';

/**
 * A message longer than this (an imported one, most often) shows only its start: laying out megabytes
 * of text froze the view for many seconds. The chat, its export and an edit keep all of it.
 */
const USER_TEXT_SHOWN = 64 * 1024;

/** The message's text as shown, and the note that says it is shown in part. */
function userTextNodes(text: string): (string | HTMLElement)[] {
  if (text.length <= USER_TEXT_SHOWN) return [text];
  const note = `This message is ${formatBytes(text.length)} long: only its first ${formatBytes(USER_TEXT_SHOWN)} are shown. Export the chat to read all of it.`;
  return [text.slice(0, USER_TEXT_SHOWN), h('span', { className: 'user-text-note' }, note)];
}

export class ExchangeElement {
  readonly element: HTMLElement;
  readonly answer: AnswerElement;
  private readonly userArticle: HTMLElement;
  private view: ExchangeView;
  private rendered = false;

  /** `textWidth`: the width its text will have, for the height it holds until rendered. */
  constructor(view: ExchangeView, private readonly context: AnswerContext, textWidth = DEFAULT_TEXT_WIDTH) {
    this.view = view;
    const id = view.id;
    const files = view.user.attachments.length ? attachmentList(view.user.attachments, { onOpen: (attachmentId) => context.post({ type: 'attachment/open', id: attachmentId, exchangeId: id }) }) : null;
    if (files) files.id = `question-files-${id}`;
    this.userArticle = h(
      'article',
      // Described by its text, then the files it carried (a message may be files only).
      { className: 'turn turn-user', 'aria-label': 'You', 'aria-describedby': `question-${id} question-files-${id}`, tabindex: '-1' },
      h(
        'div',
        { className: 'turn-header' },
        h('span', { className: 'turn-author', role: 'heading', 'aria-level': '2' }, icon('account'), ' You'),
        h(
          'span',
          { className: 'turn-actions' },
          actionButton({ label: 'Edit', icon: 'edit', onClick: () => context.post({ type: 'turn/edit', exchangeId: id }) }),
          actionButton({ label: 'Rewind to here', icon: 'discard', onClick: () => context.post({ type: 'turn/rewind', exchangeId: id }) }),
        ),
      ),
      files,
      // A huge unbroken word is not wrapped, as in an answer.
      h('div', { className: LONG_WORD.test(view.user.text.slice(0, USER_TEXT_SHOWN)) ? 'user-text md-long-words' : 'user-text', id: `question-${id}` }, ...userTextNodes(view.user.text)),
    );
    this.answer = new AnswerElement(id, context);
    this.element = h('div', { className: 'exchange', 'data-exchange-id': id }, this.userArticle, this.answer.article);
    // Until rendered, the exchange is exactly its estimated height, off screen (one box, skipped) and on
    // (the question over an empty answer): its height changes once, when the answer is rendered. (A
    // scrollbar drag loses ground at every change of the content's height.)
    this.estimate(textWidth);
  }

  /** Holds the height it will have at this text width, until it is rendered. */
  estimate(textWidth: number): void {
    if (this.rendered) return;
    const height = `${exchangeHeight(this.view.user.text.slice(0, USER_TEXT_SHOWN), this.view.answer.markdown, textWidth)}px`;
    this.element.style.height = height;
    this.element.style.containIntrinsicSize = `auto ${height}`;
  }

  get id(): string {
    return this.view.id;
  }

  get isRendered(): boolean {
    return this.rendered;
  }

  get userText(): string {
    return this.view.user.text;
  }

  get usage(): UsageView | undefined {
    return this.view.answer.usage;
  }

  /** Renders the answer if it has not been yet. */
  ensureRendered(): void {
    if (this.rendered) return;
    this.markRendered();
    this.answer.render(this.view.answer, false);
  }

  private markRendered(): void {
    this.rendered = true;
    this.element.style.height = '';
    this.element.classList.add('rendered');
  }

  /** The exchange replaced whole. `live`: as the conversation goes on, not from a snapshot. */
  update(view: ExchangeView, live: boolean): void {
    const userChanged = view.user.text !== this.view.user.text;
    this.view = view;
    if (userChanged) {
      const text = this.userArticle.querySelector('.user-text');
      text?.replaceChildren(...userTextNodes(view.user.text));
    }
    if (!this.rendered) this.markRendered();
    this.answer.render(view.answer, live);
  }

  /**
   * Its place among the `count` exchanges, for a screen reader moving through the feed: each exchange
   * holds two articles, the question and the answer. Written only when it changes.
   */
  setPlace(index: number, count: number): void {
    const size = String(2 * count);
    const places: [HTMLElement, number][] = [
      [this.userArticle, 2 * index + 1],
      [this.answer.article, 2 * index + 2],
    ];
    for (const [article, place] of places) {
      if (article.getAttribute('aria-posinset') !== String(place)) article.setAttribute('aria-posinset', String(place));
      if (article.getAttribute('aria-setsize') !== size) article.setAttribute('aria-setsize', size);
    }
  }

  /** The question's article, or the answer's. */
  article(side: 'user' | 'model'): HTMLElement {
    return side === 'user' ? this.userArticle : this.answer.article;
  }

  /** Marks the question as the one being edited in the message box (sending replaces it). */
  setEditing(editing: boolean): void {
    if (this.element.classList.contains('editing') === editing) return;
    this.element.classList.toggle('editing', editing);
    this.userArticle.setAttribute('aria-label', editing ? 'You, being edited' : 'You');
    const author = this.userArticle.querySelector('.turn-author');
    if (editing) author?.after(h('span', { className: 'editing-mark' }, 'being edited'));
    else this.userArticle.querySelector('.editing-mark')?.remove();
  }

  dispose(): void {
    this.answer.dispose();
  }
}
