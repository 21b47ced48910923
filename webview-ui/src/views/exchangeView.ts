// One exchange: the user's article and Gemini's. Until it first comes near the viewport it is an empty
// box of its estimated height; then its shell (both articles, the user's text) is built at once and the
// answer's Markdown rendered within a frame's budget. A chat of ten thousand exchanges opens without
// building their articles or parsing their answers.
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

/** What an exchange shows once it comes near the viewport: the question's article and the answer's. */
interface Shell {
  readonly user: HTMLElement;
  readonly answer: AnswerElement;
}

export class ExchangeElement {
  readonly element: HTMLElement;
  private shell: Shell | undefined;
  private view: ExchangeView;
  private rendered = false;
  /** Kept until the shell is built, then written to it. */
  private place: { index: number; count: number } | undefined;
  private position = { isLast: false, busy: false };
  private editing = false;

  /** `textWidth`: the width its text will have, for the height it holds until rendered. */
  constructor(view: ExchangeView, private readonly context: AnswerContext, textWidth = DEFAULT_TEXT_WIDTH) {
    this.view = view;
    this.element = h('div', { className: 'exchange', 'data-exchange-id': view.id });
    // Until rendered, the exchange is exactly its estimated height, off screen (one empty box) and on
    // (the question over an empty answer): its height changes once, when the answer is rendered.
    // (A scrollbar drag loses ground at every change of the content's height.)
    this.estimate(textWidth);
  }

  /**
   * Builds the question's and the answer's articles (the answer empty until rendered). Until then the
   * exchange is one empty box: a chat of ten thousand exchanges opens with ten thousand elements, not
   * the few hundred thousand of their articles, headers and buttons.
   */
  ensureShell(): void {
    this.built();
  }

  private built(): Shell {
    if (this.shell) return this.shell;
    const { view, context } = this;
    const id = view.id;
    const files = view.user.attachments.length ? attachmentList(view.user.attachments, { onOpen: (attachmentId) => context.post({ type: 'attachment/open', id: attachmentId, exchangeId: id }) }) : null;
    if (files) files.id = `question-files-${id}`;
    const user = h(
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
    const answer = new AnswerElement(id, context);
    this.shell = { user, answer };
    this.element.append(user, answer.article);
    answer.setPosition(this.position.isLast, this.position.busy);
    if (this.place) this.writePlace(this.shell, this.place.index, this.place.count);
    if (this.editing) this.writeEditing(user, true);
    return this.shell;
  }

  /** Holds the height it will have at this text width, until it is rendered. */
  estimate(textWidth: number): void {
    if (this.rendered) return;
    this.element.style.height = `${exchangeHeight(this.view.user.text.slice(0, USER_TEXT_SHOWN), this.view.answer.markdown, textWidth)}px`;
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
    const { answer } = this.built();
    this.markRendered();
    answer.render(this.view.answer, false);
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
    if (userChanged) this.shell?.user.querySelector('.user-text')?.replaceChildren(...userTextNodes(view.user.text));
    const { answer } = this.built();
    if (!this.rendered) this.markRendered();
    answer.render(view.answer, live);
  }

  /** A streamed chunk of the answer. */
  appendChunk(text: string | undefined, thought: string | undefined): void {
    this.ensureRendered();
    this.built().answer.appendChunk(text, thought);
  }

  /** Whether it is the last exchange, and whether an answer is being waited for: its actions follow. */
  setPosition(isLast: boolean, busy: boolean): void {
    this.position = { isLast, busy };
    this.shell?.answer.setPosition(isLast, busy);
  }

  /**
   * Its place among the `count` exchanges, for a screen reader moving through the feed: each exchange
   * holds two articles, the question and the answer.
   */
  setPlace(index: number, count: number): void {
    this.place = { index, count };
    if (this.shell) this.writePlace(this.shell, index, count);
  }

  /** Written only when it changes. */
  private writePlace(shell: Shell, index: number, count: number): void {
    const size = String(2 * count);
    const places: [HTMLElement, number][] = [
      [shell.user, 2 * index + 1],
      [shell.answer.article, 2 * index + 2],
    ];
    for (const [article, place] of places) {
      if (article.getAttribute('aria-posinset') !== String(place)) article.setAttribute('aria-posinset', String(place));
      if (article.getAttribute('aria-setsize') !== size) article.setAttribute('aria-setsize', size);
    }
  }

  /** The question's article, or the answer's, rendered (it is about to be shown or focused). */
  article(side: 'user' | 'model'): HTMLElement {
    this.ensureRendered();
    const shell = this.built();
    return side === 'user' ? shell.user : shell.answer.article;
  }

  /** Marks the question as the one being edited in the message box (sending replaces it). */
  setEditing(editing: boolean): void {
    if (this.editing === editing) return;
    this.editing = editing;
    this.element.classList.toggle('editing', editing);
    if (this.shell) this.writeEditing(this.shell.user, editing);
  }

  private writeEditing(user: HTMLElement, editing: boolean): void {
    user.setAttribute('aria-label', editing ? 'You, being edited' : 'You');
    const author = user.querySelector('.turn-author');
    if (editing) author?.after(h('span', { className: 'editing-mark' }, 'being edited'));
    else user.querySelector('.editing-mark')?.remove();
  }

  dispose(): void {
    this.shell?.answer.dispose();
  }
}
