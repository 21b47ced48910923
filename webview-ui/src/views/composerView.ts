// The composer: the message box (Enter sends, Shift+Enter new line, Up in an empty box recalls earlier
// messages and Down goes forward again, Escape cancels an edit or stops the answer), Send / Stop, the
// paperclip, attachment chips, the banner (editing, or a message waiting for its files), and paste / drop of files.
// The draft is kept in the view's state and sent to the host on every keystroke (a long one when typing
// pauses), so hiding or disposing the view, or reloading the window, loses nothing.
import { draftTooLong, MAX_DRAFT_CHARS, MAX_MESSAGE_CHARS, messageTooLong, SET_API_KEY_FIRST, type ComposerView, type Draft, type HostToWebview, type WebviewToHost } from '../../../src/shared/protocol';
import { withGivenBack, withoutGivenBack } from '../../../src/shared/givenBack';
import { caretLines, describe, fitToText, scrollsItsText, setText, setWrapping, textArea } from '../components/textArea';
import { LONG_WORD } from '../streaming/markdownStream';
import { actionButton, setDisabled, toolkitButton } from '../components/button';
import { attachmentList } from './attachmentChips';
import { h } from './dom';
import { filesToAttachments, urisFromDrop } from './dropAndPaste';
import { FOCUS_GROUP } from './focusKeeper';
import { announce } from './announcer';
import { loadState, saveState, type PersistedState } from '../vscodeApi';

type ComposerSet = Extract<HostToWebview, { type: 'composer/set' }>;

/** A draft longer than this is kept when typing pauses for this long (see textChanged). */
const LONG_DRAFT_CHARS = 20_000;
const KEEP_LONG_DRAFT_MS = 500;

/** The box's keys, said after its name: nothing on screen tells them. */
const KEYS_HINT = 'Enter sends, Shift+Enter adds a line, Up recalls your earlier messages, Escape stops the answer.';

export class ComposerViewElement {
  readonly element: HTMLElement;
  private readonly area = textArea('Message', 'Ask Gemini…');
  private readonly banner = h('div', { className: 'editing-banner', role: 'status' });
  private readonly chips = h('div', { className: 'composer-chips', [FOCUS_GROUP]: '' });
  private readonly send: HTMLElement;
  private readonly stop: HTMLElement;
  private readonly state: PersistedState = loadState();
  private busy = false;
  private composer: ComposerView = { attachments: [] };
  /** What the banner says (see setComposer). */
  private bannerSays = '';
  /** The earlier message Up or Down put in the box, while the box still holds it as it was. */
  private recalled: { index: number; text: string } | undefined;
  /** When this page last sent a message (see submit). */
  private sentAt = 0;
  private needsCredentials = false;
  /** A long draft waiting to be kept (see textChanged). */
  private keepTimer: ReturnType<typeof setTimeout> | undefined;
  /** The text is too long to be kept as a draft, and the view said so. */
  private saidTooLongToKeep = false;
  /** Takes away the notice that Enter did nothing while Gemini answered: out of date once it is done. */
  private stillAnswering: (() => void) | undefined;

  constructor(
    private readonly post: (message: WebviewToHost) => void,
    private readonly userTexts: () => string[],
    private readonly notify: (level: 'info' | 'warning', message: string) => () => void,
    private readonly scrollConversation: (pages: number) => void,
  ) {
    // Send, Stop and Cancel leave the focus in the message box: the next thing to do is type.
    this.send = toolkitButton({ label: 'Send', icon: 'send', onClick: () => this.thenType(() => this.submit()) });
    this.stop = toolkitButton({ label: 'Stop', icon: 'debug-stop', appearance: 'secondary', onClick: () => this.thenType(() => this.post({ type: 'prompt/stop' })) });
    this.stop.hidden = true;
    const attach = actionButton({ label: 'Add File to Chat…', icon: 'attach', onClick: () => this.post({ type: 'attachment/pick' }) });
    this.banner.hidden = true;
    this.element = h(
      'form',
      { className: 'composer', 'aria-label': 'Composer' },
      this.banner,
      this.chips,
      this.area,
      h('div', { className: 'composer-actions' }, attach, h('span', { className: 'spacer' }), this.stop, this.send),
    );
    this.element.addEventListener('submit', (e) => e.preventDefault());
    setText(this.area, this.state.draft);
    // Once the box has rendered, it fits the draft it starts with, and says its keys.
    requestAnimationFrame(() => {
      this.fit();
      describe(this.area, KEYS_HINT);
    });
    this.area.addEventListener('input', () => this.textChanged());
    this.area.addEventListener('focusout', () => this.keepPendingDraft());
    window.addEventListener('pagehide', () => this.keepPendingDraft());
    document.addEventListener('visibilitychange', () => this.keepPendingDraft());
    this.area.addEventListener('keydown', (e) => this.onKeyDown(e));
    this.area.addEventListener('paste', (e) => void this.onPaste(e));
  }

  /**
   * Files dragged onto `area` are attached here. The app passes the whole view: a drop lands wherever
   * the pointer is, most often on the conversation, not on the small composer.
   */
  acceptDrops(area: HTMLElement): void {
    area.addEventListener('dragover', (e) => {
      // During dragover only the types are readable, not the data.
      const types = e.dataTransfer?.types ?? [];
      if (e.dataTransfer && ['Files', 'application/vnd.code.uri-list', 'text/uri-list'].some((t) => types.includes(t))) {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }
    });
    area.addEventListener('drop', (e) => void this.onDrop(e));
  }

  /**
   * Fills the composer (an edit, what an edit set aside coming back, or a failed send giving the text
   * back) and/or sets its chips. The host keeps what an edit sets aside, so a chat switch or a reload
   * in the middle of an edit loses nothing.
   */
  set({ composer, text, giveBack, takeBack, focus }: ComposerSet): void {
    const before = this.composer;
    this.setComposer(composer);
    // A chip added by a command (Ask About Selection, Add File) shows far from the keyboard: said too.
    // (Chips that come with a text are an edit's, or a message's given back: not new.)
    if (text === undefined && composer.editingExchangeId === before.editingExchangeId) {
      const added = composer.attachments.filter((a) => !before.attachments.some((b) => b.id === a.id));
      if (added.length) announce(`Attached ${added.map((a) => a.label).join(', ')}.`);
    }
    const typed = this.area.value;
    let next: string | undefined;
    if (takeBack !== undefined) {
      // The given-back copy goes; a copy the user changed is theirs now and stays.
      const left = withoutGivenBack(takeBack, typed);
      if (left !== typed) next = left;
    } else if (text !== undefined) {
      // A message given back while the user typed the next one (a reply retried for a while) keeps both.
      next = giveBack ? withGivenBack(text, typed) : text;
    }
    if (next !== undefined) {
      setText(this.area, next);
      this.textChanged();
    }
    if (focus) this.focus();
  }

  setComposer(composer: ComposerView): void {
    this.composer = composer;
    this.showOccupied();
    this.chips.replaceChildren();
    if (composer.attachments.length) {
      this.chips.append(
        attachmentList(composer.attachments, {
          onOpen: (id) => this.post({ type: 'attachment/open', id }),
          onRemove: (id) => this.post({ type: 'attachment/remove', id }),
        }),
      );
    }
    this.showBanner(composer);
  }

  /** The banner above the box: a message waiting for its files, or an edit going on. */
  private showBanner(composer: ComposerView): void {
    const waitingFor = composer.waitingFor ?? [];
    // The banner is a status: written again only when what it says changes, or a screen reader reads
    // it again at every change of the chips (an upload's progress).
    const after = composer.editingFollowedBy ?? 0;
    const says = waitingFor.length ? `waiting:${waitingFor.join('\n')}:${composer.waitingText ?? ''}` : composer.editingExchangeId ? `editing:${after}` : '';
    if (says === this.bannerSays) return;
    this.bannerSays = says;
    this.banner.replaceChildren();
    this.banner.hidden = !composer.editingExchangeId && waitingFor.length === 0;
    if (waitingFor.length) {
      // Said in place of the editing banner: until the files are up, Stop is what can be done.
      const files = waitingFor.map((label) => `“${label}”`).join(', ');
      const one = waitingFor.length === 1;
      // The message itself, shown where it waits: the box was emptied when it was sent.
      if (composer.waitingText) this.banner.append(h('div', { className: 'waiting-message' }, composer.waitingText));
      this.banner.append(
        // Short: in a narrow side bar every word is a line more above the box (the chip shows the upload).
        h('span', {}, `The message goes once ${files} ${one ? 'is' : 'are'} uploaded. Stop gives it back; remove ${one ? 'the file' : 'a file'} to send without it.`),
      );
    } else if (composer.editingExchangeId) {
      this.banner.append(
        // How much goes is said: an edit far up a long chat replaces every exchange after it.
        h('span', {}, `Editing a message: sending replaces it${after === 0 ? '' : after === 1 ? ' and the exchange after it' : ` and the ${after} exchanges after it`}.`),
        toolkitButton({ label: 'Cancel', appearance: 'secondary', onClick: () => this.thenType(() => this.post({ type: 'edit/cancel' })) }),
      );
    }
  }

  /** No credentials yet (the welcome shows the way to them): a message cannot go. */
  setNeedsCredentials(needs: boolean): void {
    this.needsCredentials = needs;
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.showOccupied();
  }

  /** A message sent waits for its files to upload. */
  get waiting(): boolean {
    return (this.composer.waitingFor?.length ?? 0) > 0;
  }

  /** Gemini answers, or a message sent waits for its files: Stop instead of Send. */
  private get occupied(): boolean {
    return this.busy || this.waiting;
  }

  private showOccupied(): void {
    if (!this.occupied) {
      this.stillAnswering?.();
      this.stillAnswering = undefined;
    }
    this.stop.hidden = !this.occupied;
    setDisabled(this.send, this.occupied);
  }

  focus(): void {
    this.area.focus();
  }

  private thenType(action: () => void): void {
    action();
    this.area.focus();
  }

  /**
   * The chat shown, and its draft as the host keeps it. Each chat keeps its own draft, so text typed for
   * one is never sent to another: what was typed went to the host as it was typed, and the draft of the
   * chat opened comes from there. For the same chat, the newer of the two copies wins: the view's own
   * state can be older than the host's after a reload (a browser-hosted VS Code saves it lazily).
   */
  showChat(chatId: string | undefined, kept: Draft | undefined): void {
    if (chatId === undefined) return;
    if (chatId !== this.state.draftChatId) {
      this.keepPendingDraft();
      this.state.draftChatId = chatId;
      this.showDraft(kept?.text ?? '', kept?.at ?? 0);
    } else if (kept && kept.at > Math.max(this.state.draftAt, this.sentAt) && kept.text !== this.area.value) {
      this.showDraft(kept.text, kept.at);
    }
  }

  private showDraft(text: string, at: number): void {
    setText(this.area, text);
    this.state.draft = text;
    this.state.draftAt = at;
    saveState(this.state);
    this.fit();
  }

  private submit(): void {
    const text = this.area.value;
    if (this.needsCredentials && text.trim()) {
      // Known already: the text stays as it is, rather than leave the box and come back from the host.
      this.notify('warning', SET_API_KEY_FIRST);
      return;
    }
    if (this.occupied && text.trim()) {
      this.stillAnswering = this.notify(
        'info',
        this.busy
          ? 'Gemini is still answering. Send this message once the answer is done, or press Escape to stop the answer.'
          : 'The message before this one waits for its files to upload. Send this one once it has gone, or press Escape to stop it.',
      );
      return;
    }
    if (this.occupied || (!text.trim() && this.composer.attachments.length === 0)) return;
    if (text.length > MAX_MESSAGE_CHARS) {
      this.notify('warning', messageTooLong(text.length));
      return;
    }
    const at = Date.now();
    this.post({ type: 'prompt/send', text, at });
    if (text.trim()) this.state.sent = [...this.state.sent, text].slice(-20);
    setText(this.area, '');
    // The host empties the chat's draft when the message reaches it. Until then the host's copy (the
    // text sent) is the one to trust: a reload before it arrives shows that text again, not an empty
    // box. So the view keeps its empty box as of no time at all, and in this page ignores any copy of
    // the host's from before the send.
    this.sentAt = at;
    clearTimeout(this.keepTimer);
    this.keepTimer = undefined;
    this.state.draft = '';
    this.state.draftAt = 0;
    saveState(this.state);
    this.fit();
  }

  /**
   * The text changed (typed or set): kept as the draft, here and by the host, and the box fits it. A
   * long text is kept once typing pauses: saving and sending megabytes at every key made each key take
   * seconds in the editor. What is pending is kept at once when the box loses the keyboard, the chat
   * changes or the page goes.
   */
  private textChanged(): void {
    const text = this.area.value;
    this.state.draft = text;
    this.state.draftAt = Date.now();
    clearTimeout(this.keepTimer);
    this.keepTimer = undefined;
    if (text.length > LONG_DRAFT_CHARS) this.keepTimer = setTimeout(() => this.keepDraft(), KEEP_LONG_DRAFT_MS);
    else this.keepDraft();
    // Said once each time the text grows past what can be kept.
    const tooLong = text.length > MAX_DRAFT_CHARS;
    if (tooLong && !this.saidTooLongToKeep) this.notify('warning', draftTooLong(text.length));
    this.saidTooLongToKeep = tooLong;
    this.fit();
  }

  /**
   * The box fits its text. A text with a run of thousands of characters without a space (a pasted blob,
   * minified code) is not wrapped: Chromium took 3 s at every key to wrap a 900,000-character run.
   */
  private fit(): void {
    setWrapping(this.area, !LONG_WORD.test(this.area.value));
    fitToText(this.area);
  }

  /** Keeps the draft now if a long one waits to be kept. */
  private keepPendingDraft(): void {
    if (this.keepTimer !== undefined) this.keepDraft();
  }

  private keepDraft(): void {
    clearTimeout(this.keepTimer);
    this.keepTimer = undefined;
    const { draft, draftAt, draftChatId } = this.state;
    // A text longer than any draft is not kept (the view said so): the host would refuse it, and the
    // view's state would hold megabytes; the last version short enough is what comes back.
    if (draft.length > MAX_DRAFT_CHARS) return saveState({ ...this.state, draft: '', draftAt: 0 });
    saveState(this.state);
    if (draftChatId !== undefined) this.post({ type: 'composer/draft', chatId: draftChatId, text: draft, at: draftAt });
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (e.isComposing) return;
    if (isSelectAll(e)) {
      // The browser selects the text now. Were the key to reach VS Code too, it would select all again
      // a moment later: the keys typed meanwhile would be selected, and the next one would replace them.
      e.stopPropagation();
    } else if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      this.submit();
    } else if (e.key === 'Escape' && this.waiting) {
      // As Stop: the message waiting for its files comes back (an edit it sends stays open).
      e.preventDefault();
      this.post({ type: 'prompt/stop' });
    } else if (e.key === 'Escape' && this.composer.editingExchangeId !== undefined) {
      e.preventDefault();
      this.post({ type: 'edit/cancel' });
    } else if (e.key === 'Escape' && this.busy) {
      // As Stop: what arrived is kept, marked stopped.
      e.preventDefault();
      this.post({ type: 'prompt/stop' });
    } else if ((e.key === 'PageUp' || e.key === 'PageDown') && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey && !scrollsItsText(this.area)) {
      // A message box with nothing to page through pages the conversation, as chat apps do (the
      // browser would move the caret to the end and scroll VS Code's frame around the view instead).
      e.preventDefault();
      this.scrollConversation(e.key === 'PageUp' ? -1 : 1);
    } else if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      if (this.recall(e.key === 'ArrowUp' ? -1 : 1)) e.preventDefault();
    }
  }

  /**
   * Up in an empty box puts the last message sent back in it, each further Up the one before; Down goes
   * forward again, and past the newest back to an empty box. Only while the box holds the recalled
   * message as it was, with the caret on its first line (Up) or last line (Down): elsewhere the keys
   * move the caret. Returns whether it took the key.
   */
  private recall(step: -1 | 1): boolean {
    const value = this.area.value;
    const recalled = this.recalled?.text === value ? this.recalled : undefined;
    if (recalled) {
      const lines = caretLines(this.area);
      if (!(step < 0 ? lines.first : lines.last)) return false;
    } else if (value !== '' || step > 0) {
      return false;
    }
    const chatTexts = this.userTexts();
    const texts = chatTexts.length > 0 ? chatTexts : this.state.sent;
    const index = (recalled?.index ?? texts.length) + step;
    if (index < 0) return recalled !== undefined; // already at the oldest
    const text = texts[index] ?? '';
    this.recalled = index < texts.length ? { index, text } : undefined;
    setText(this.area, text);
    this.textChanged();
    return true;
  }

  private async onPaste(e: ClipboardEvent): Promise<void> {
    const files = Array.from(e.clipboardData?.files ?? []).filter((f) => f.type.startsWith('image/'));
    if (files.length === 0) return; // text pastes as usual
    e.preventDefault();
    await this.sendFiles(files);
  }

  private async onDrop(e: DragEvent): Promise<void> {
    const data = e.dataTransfer;
    if (!data) return;
    const uris = urisFromDrop(data);
    const files = Array.from(data.files);
    // Plain text is left to the browser: dropped on the message box, it is inserted there.
    if (!uris.length && !files.length) return;
    e.preventDefault();
    if (uris.length) {
      this.post({ type: 'attachment/uris', uris });
      return;
    }
    await this.sendFiles(files);
  }

  private async sendFiles(files: File[]): Promise<void> {
    for (const result of await filesToAttachments(files)) {
      if ('error' in result) this.notify('warning', result.error);
      else this.post({ type: 'attachment/bytes', ...result });
    }
  }
}

/** Ctrl+A (Cmd+A on macOS). */
function isSelectAll(e: KeyboardEvent): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'a';
}
