// Gemini's side of an exchange: the Markdown (streamed or whole), thoughts folded away, the status with
// its action, sources, token usage, the candidate switcher and Regenerate.
import { isArrivingStatus, type AnswerView, type WebviewToHost } from '../../../src/shared/protocol';
import { EMPTY_ANSWER, finishedBecause } from '../../../src/shared/answerNotes';
import { MarkdownStream } from '../streaming/markdownStream';
import { actionButton, toolkitButton } from '../components/button';
import { ACTIONS, STATUS_LABELS, formatUsage, secondsUntil } from './format';
import { h, icon, spinner } from './dom';
import { announce, forgetAnnouncement } from './announcer';
import { FOCUS_GROUP } from './focusKeeper';
import { showCopied, withLinks } from './linkHandling';
import { HTTP_URL } from '../markdown/sanitize';

export interface AnswerContext {
  post(message: WebviewToHost): void;
}

/**
 * The answering spinner is put away while text arrives and comes back, turning, after this long without
 * any: the growing text shows the progress, and a running animation keeps the page drawing a frame at
 * every vsync, so each chunk would wait for the next one (about half a frame later on average) instead
 * of being drawn as soon as it comes.
 */
const FLOWING_MS = 1000;
/** A wait for the first byte shorter than this is usual: its seconds are not counted on screen. */
const WAIT_COUNTED_AFTER_S = 10;

export class AnswerElement {
  readonly article: HTMLElement;
  private readonly badges = h('span', { className: 'turn-badges' });
  private readonly candidates = h('span', { className: 'candidates', [FOCUS_GROUP]: '' });
  private readonly thoughtsSlot = h('div', { className: 'thoughts-slot' });
  private readonly body = h('div', { className: 'answer-body' });
  private readonly status = h('div', { className: 'answer-status' });
  private readonly sources = h('div', { className: 'answer-sources' });
  private readonly usage = h('span', { className: 'usage' });
  private readonly actions = h('span', { className: 'turn-actions' });
  /** Copy Answer, in the header as the question's Edit and Rewind are (the header's height holds it). */
  private readonly headerActions = h('span', { className: 'turn-actions' });
  private markdown: MarkdownStream | undefined;
  private thoughts: MarkdownStream | undefined;
  private readonly thoughtsSummary = h('summary', {}, 'Thoughts');
  private countdown: ReturnType<typeof setInterval> | undefined;
  /** When this answer began to be waited for, as this view saw it. */
  private waitingSince: number | undefined;
  private view: AnswerView | undefined;
  private isLast = false;
  private shownCandidate: number | undefined;
  private busy = false;
  private lastChunkAt = 0;
  private flowTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly exchangeId: string,
    private readonly context: AnswerContext,
  ) {
    // A screen reader landing on the message says who, then reads the message and how it ended (an
    // error, a reason it stopped early).
    this.body.id = `answer-${exchangeId}`;
    this.status.id = `answer-status-${exchangeId}`;
    this.article = h(
      'article',
      { className: 'turn turn-gemini', 'aria-label': 'Gemini', 'aria-describedby': `${this.body.id} ${this.status.id}`, tabindex: '-1' },
      h('div', { className: 'turn-header' }, h('span', { className: 'turn-author', role: 'heading', 'aria-level': '2' }, icon('sparkle'), ' Gemini'), this.badges, this.candidates, this.headerActions),
      this.thoughtsSlot,
      this.body,
      this.status,
      this.sources,
      h('div', { className: 'turn-footer' }, this.usage, this.actions),
    );
  }

  /**
   * Shows `view`. `live`: it arrived as the conversation went on (announce it), rather than from a
   * snapshot being opened.
   */
  render(view: AnswerView, live: boolean): void {
    const before = this.view?.status;
    this.view = view;
    const active = isArrivingStatus(view.status);
    let fromSnapshot = false;
    if (!this.markdown) {
      this.markdown = new MarkdownStream({ live: live && active });
      this.body.append(this.markdown.element);
      fromSnapshot = !live;
    }
    this.markdown.setText(view.markdown);
    // Still arriving when shown from a snapshot (its chat re-sent mid-answer, as after the first
    // message, or opened then): what comes next is announced as it settles, like any answer's.
    if (fromSnapshot && active) this.markdown.goLive();
    if (view.thoughts) this.thoughtStream().setText(view.thoughts);
    this.labelThoughts();
    if (!active) {
      this.markdown.finish();
      this.thoughts?.finish();
    }
    const label = STATUS_LABELS[view.status];
    this.article.setAttribute('aria-label', label ? `Gemini, ${label}` : 'Gemini');
    // No aria-busy while it streams: the answer's own live region is inside, and a screen reader may
    // hold back what a busy element's live region says until it is not busy any more.
    if (live && view.status === 'complete' && before !== undefined && isArrivingStatus(before)) {
      // How it ended is said too: a screen reader user does not see the note under it.
      const note = endNote(view);
      announce(note ? `Answer complete. ${note}` : 'Answer complete.');
    }
    this.renderBadges(view);
    this.renderCandidates(view);
    this.renderStatus(view, live);
    this.renderSources(view);
    this.usage.textContent = formatUsage(view.usage);
    this.renderActions();
  }

  appendChunk(text: string | undefined, thought: string | undefined): void {
    if (thought) this.thoughtStream().append(thought);
    if (text) this.markdown?.append(text);
    if (text || thought) this.noteFlow();
    // The first chunk (text or thought) ends the wait; the host's next update confirms the status.
    if ((text || thought) && this.view?.status === 'waiting') {
      this.view = { ...this.view, status: 'streaming', retry: undefined };
      this.renderStatus(this.view, true);
      this.renderBadges(this.view);
      this.article.setAttribute('aria-label', 'Gemini, answering');
    }
    if (this.thoughts) this.labelThoughts();
  }

  setPosition(isLast: boolean, busy: boolean): void {
    if (isLast === this.isLast && busy === this.busy) return;
    const moved = isLast !== this.isLast;
    this.isLast = isLast;
    this.busy = busy;
    if (moved && this.view) {
      this.renderCandidates(this.view);
      this.renderStatus(this.view, false);
    }
    this.renderActions();
  }

  dispose(): void {
    if (this.countdown !== undefined) clearInterval(this.countdown);
    this.countdown = undefined;
    clearTimeout(this.flowTimer);
  }

  /** Text arrived: the spinner is put away until FLOWING_MS pass without any (one timer, not one per chunk). */
  private noteFlow(): void {
    this.lastChunkAt = performance.now();
    if (this.flowTimer !== undefined) return;
    this.badges.classList.add('flowing');
    const check = (): void => {
      const left = this.lastChunkAt + FLOWING_MS - performance.now();
      if (left > 0) {
        this.flowTimer = setTimeout(check, left);
        return;
      }
      this.flowTimer = undefined;
      this.badges.classList.remove('flowing');
    };
    this.flowTimer = setTimeout(check, FLOWING_MS);
  }

  /** While the model is still only thinking, the folded thoughts say so. */
  private labelThoughts(): void {
    const thinking = this.view !== undefined && isArrivingStatus(this.view.status) && !this.markdown?.text;
    const label = thinking ? 'Thinking…' : 'Thoughts';
    // Asked on every chunk: the summary is rewritten only when its label changes.
    if (this.thoughtsSummary.textContent !== label) this.thoughtsSummary.textContent = label;
  }

  private thoughtStream(): MarkdownStream {
    if (!this.thoughts) {
      this.thoughts = new MarkdownStream({ live: false, className: 'thoughts-markdown' });
      this.thoughtsSlot.append(h('details', { className: 'thoughts' }, this.thoughtsSummary, this.thoughts.element));
    }
    return this.thoughts;
  }

  private renderBadges(view: AnswerView): void {
    const label = STATUS_LABELS[view.status];
    this.badges.replaceChildren();
    if (view.status === 'streaming') this.badges.append(spinner('Answering'));
    else if (label && view.status !== 'waiting') this.badges.append(h('span', { className: `status-badge status-${view.status}` }, label));
  }

  private renderCandidates(view: AnswerView): void {
    this.candidates.replaceChildren();
    if (view.candidateCount <= 1) return;
    if (this.shownCandidate !== undefined && this.shownCandidate !== view.candidateIndex) announce(`Candidate ${view.candidateIndex + 1} of ${view.candidateCount}.`);
    this.shownCandidate = view.candidateIndex;
    const go = (index: number): void => this.context.post({ type: 'turn/candidate', exchangeId: this.exchangeId, index });
    const previous = actionButton({ label: 'Previous candidate', icon: 'chevron-left', onClick: () => go(view.candidateIndex - 1) });
    const next = actionButton({ label: 'Next candidate', icon: 'chevron-right', onClick: () => go(view.candidateIndex + 1) });
    // Later exchanges were answered with this candidate in the history: the choice is the last answer's only.
    const fixed = !this.isLast || isArrivingStatus(view.status);
    previous.disabled = fixed || view.candidateIndex <= 0;
    next.disabled = fixed || view.candidateIndex >= view.candidateCount - 1;
    const position = h('span', { className: 'candidate-position' }, `${view.candidateIndex + 1} of ${view.candidateCount}`);
    if (!this.isLast) position.title = 'The exchanges after this one were answered with this candidate. Rewind to here to choose another.';
    this.candidates.append(h('span', { role: 'group', 'aria-label': 'Candidates', className: 'candidate-switcher' }, previous, position, next));
  }

  private renderStatus(view: AnswerView, live: boolean): void {
    if (this.countdown !== undefined) clearInterval(this.countdown);
    this.countdown = undefined;
    this.status.replaceChildren();
    this.status.className = `answer-status status-${view.status}`;
    switch (view.status) {
      case 'waiting': {
        const retry = view.retry;
        if (!retry && view.markdown) break;
        const text = h('span', {});
        this.status.append(spinner('Waiting'), text);
        const reason = retry?.reason || 'Retrying';
        // Once per wait, not every second of the countdown.
        if (retry && live) {
          const seconds = secondsUntil(retry.until);
          announce(`${reason}: retrying in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`);
        }
        // A long wait for the first byte (a thinking model, a slow network, an attempt after a wait to
        // retry) says how long it has been: a spinner alone does not tell a stall from progress.
        if (retry) this.waitingSince = retry.until;
        const since = (this.waitingSince ??= Date.now());
        const tick = (): void => {
          const now = Date.now();
          let says: string;
          if (retry && now < retry.until) {
            says = `${reason} — retrying in ${secondsUntil(retry.until, now)} s`;
          } else {
            const seconds = Math.floor((now - since) / 1000);
            const count = seconds >= WAIT_COUNTED_AFTER_S ? ` ${seconds} s` : '';
            says = retry ? `${reason} — tried again, waiting for Gemini…${count}` : `Waiting for Gemini…${count}`;
          }
          if (text.textContent !== says) text.textContent = says;
        };
        tick();
        this.countdown = setInterval(tick, 1000);
        break;
      }
      case 'interrupted':
        // Why, then what it means: what arrived stays on screen but is not history (transcript.ts,
        // isSentAsHistory), or a follow-up question reads as if Gemini had seen it.
        this.status.append(
          h(
            'span',
            { className: 'status-text', role: live ? 'alert' : null },
            icon('debug-disconnect'),
            ' ',
            ...withLinks(view.error?.message ?? 'The answer was interrupted.'),
            this.isLast
              ? ' This exchange, your message too, is left out of what Gemini is sent next; Retry asks again.'
              : ' This exchange, your message too, is left out of what Gemini is sent.',
          ),
        );
        // Retrying an earlier exchange would drop the ones after it: only the last one offers it.
        if (this.isLast) this.status.append(toolkitButton({ ...ACTIONS.retry, appearance: 'secondary', onClick: () => this.context.post({ type: 'turn/retry', exchangeId: this.exchangeId }) }));
        break;
      case 'error': {
        if (live) forgetAnnouncement();
        const message = view.error?.message ?? 'The request failed.';
        this.status.append(h('span', { className: 'status-text', role: live ? 'alert' : null }, icon('error'), ' ', ...withLinks(message)));
        const action = view.error?.action;
        // Retry runs the last exchange again: an earlier error does not offer it.
        if (action && (action !== 'retry' || this.isLast)) {
          this.status.append(toolkitButton({ ...ACTIONS[action], appearance: 'secondary', onClick: () => this.context.post({ type: 'action/run', action }) }));
        }
        break;
      }
      case 'blocked': {
        const reason = view.error?.message ?? (view.finishReason ? `Blocked by safety filters (${view.finishReason}).` : 'Blocked by safety filters.');
        this.status.append(h('span', { className: 'status-text', role: live ? 'alert' : null }, icon('shield'), ` ${reason}`));
        break;
      }
      case 'stopped':
        this.status.append(h('span', { className: 'status-text' }, icon('stop-circle'), ' Stopped.'));
        if (live) announce('Answer stopped.');
        break;
      case 'complete': {
        const note = endNote(view);
        if (note) this.status.append(h('span', { className: 'status-text' }, note));
        break;
      }
      case 'streaming':
        break;
    }
  }

  private renderSources(view: AnswerView): void {
    this.sources.replaceChildren();
    const sources = (view.sources ?? []).filter((s) => HTTP_URL.test(s.uri));
    if (sources.length === 0) return;
    const list = h('ol', { className: 'sources-list' });
    for (const source of sources) list.append(h('li', {}, h('a', { href: source.uri, title: source.uri }, source.title || source.uri)));
    this.sources.append(h('div', { className: 'sources-heading' }, 'Sources'), list);
  }

  private renderActions(): void {
    this.actions.replaceChildren();
    this.headerActions.replaceChildren();
    const view = this.view;
    if (!view || isArrivingStatus(view.status)) return;
    if (view.markdown.trim()) {
      const copy = actionButton({
        label: 'Copy Answer',
        icon: 'copy',
        onClick: () => {
          this.context.post({ type: 'code/copy', code: view.markdown });
          showCopied(copy);
        },
      });
      this.headerActions.append(copy);
    }
    if (!this.isLast || this.busy) return;
    // Where the status offers Retry, a Regenerate beside it would be the same thing twice.
    if (view.status === 'interrupted' || view.error?.action === 'retry') return;
    this.actions.append(
      actionButton({ label: 'Regenerate', icon: 'refresh', onClick: () => this.context.post({ type: 'turn/regenerate', exchangeId: this.exchangeId }) }),
    );
  }
}

/** What a complete answer's note says: why it ended early, or that it came empty. */
function endNote(view: AnswerView): string | undefined {
  if (view.finishReason && view.finishReason !== 'STOP') return finishedBecause(view.finishReason);
  if (!view.markdown.trim() && !view.thoughts?.trim()) return EMPTY_ANSWER;
  return undefined;
}
