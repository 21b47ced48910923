// The view: lays out header, conversation (and/or the welcome), notices and composer, and handles each
// host message through one table, so a new message type without a handler fails the type check.
import { dispatch, isArrivingStatus, type Handlers, type HostToWebview, type Snapshot, type ExchangeView } from '../../src/shared/protocol';
import { post } from './vscodeApi';
import { HeaderView } from './views/headerView';
import { NoticesView } from './views/noticesView';
import { TranscriptView } from './views/transcriptView';
import { ComposerViewElement } from './views/composerView';
import { welcomeView } from './views/welcomeView';
import { installLinkHandling } from './views/linkHandling';
import { announce, announcements } from './views/announcer';
import { keepFocus } from './views/focusKeeper';
import { h } from './views/dom';

export class App {
  private readonly header = new HeaderView(post, (message) => this.notices.show('info', message));
  private readonly notices = new NoticesView(post);
  private readonly transcript = new TranscriptView(post, () => this.composer.focus());
  private readonly welcome = welcomeView(post);
  private readonly composer = new ComposerViewElement(post, () => this.transcript.userTexts(), (level, m) => this.notices.show(level, m), (pages) => this.transcript.scrollByPages(pages));
  private readonly handlers: Handlers<HostToWebview>;
  /** Whether the last snapshot said there were no credentials. */
  private neededCredentials = false;
  /** The chat shown (notices about another chat are cleared when it changes). */
  private chatId: string | undefined;

  constructor(root: HTMLElement) {
    this.welcome.hidden = true;
    // Notices sit right above the composer: they are about what was just done there (a file refused, a
    // message not sent), and where the eyes already are.
    const view = h('main', { className: 'chat' }, this.header.element, this.welcome, this.transcript.element, this.notices.element, this.composer.element, announcements);
    root.replaceChildren(view);
    this.composer.acceptDrops(view);
    installLinkHandling(root, post);
    const focus = keepFocus(view, () => this.composer.focus());
    this.handlers = {
      'state/snapshot': ({ snapshot }) => this.showSnapshot(snapshot),
      'turn/start': ({ exchange }) => {
        this.notices.clear();
        this.transcript.start(exchange);
        this.setBusy(true);
      },
      'turn/chunk': (message) => this.transcript.chunk(message),
      'turn/update': ({ exchange }) => {
        this.transcript.update(exchange);
        this.header.showUsage(this.transcript.usages());
        this.setBusy(isActive(exchange));
      },
      'composer/set': (message) => {
        // A message sent that now waits for its files is news like an answer starting: notices about
        // the one before (stopped, an upload that failed) are out of date.
        if (message.composer.waitingFor?.length && !this.composer.waiting) this.notices.clear();
        this.composer.set(message);
        this.transcript.markEditing(message.composer.editingExchangeId);
      },
      'chat/reveal': ({ exchangeId, side, keepFocus }) => this.transcript.reveal(exchangeId, side, keepFocus),
      'focus/return': () => focus.giveBack(),
      notice: ({ level, message, action }) => this.notices.show(level, message, action),
    };
  }

  handle(message: HostToWebview): void {
    if (!message || typeof message !== 'object' || typeof message.type !== 'string' || !(message.type in this.handlers)) return;
    dispatch(this.handlers, message);
  }

  private showSnapshot(snapshot: Snapshot): void {
    if (snapshot.chat?.id !== this.chatId) {
      this.notices.clear();
      if (this.chatId !== undefined && snapshot.chat) announce(`Opened the chat “${snapshot.chat.title}”.`);
    } else {
      if (this.neededCredentials && !snapshot.needsCredentials) {
        // A key is there now: "set an API key first" and the like are out of date.
        this.notices.clear();
      }
      // Exchanges gone from the chat shown vanish from the screen: said too, in the words of what is going on.
      const gone = this.transcript.exchangeCount - (snapshot.chat?.exchanges.length ?? 0);
      if (gone > 0) announceGone(gone, snapshot.removal);
    }
    this.chatId = snapshot.chat?.id;
    this.neededCredentials = snapshot.needsCredentials;
    this.header.render(snapshot.chats, snapshot.chat);
    // Without credentials the welcome shows the way to a key; a chat with messages stays readable under it.
    const readable = (snapshot.chat?.exchanges.length ?? 0) > 0;
    this.welcome.hidden = !snapshot.needsCredentials;
    this.composer.setNeedsCredentials(snapshot.needsCredentials);
    this.welcome.classList.toggle('above-chat', readable);
    this.transcript.element.hidden = snapshot.needsCredentials && !readable;
    this.transcript.setChat(snapshot.chat, snapshot.busy);
    this.composer.showChat(snapshot.chat?.id, snapshot.draft);
    this.header.showUsage(this.transcript.usages());
    this.composer.setComposer(snapshot.composer);
    this.transcript.markEditing(snapshot.composer.editingExchangeId);
    this.setBusy(snapshot.busy);
  }

  private setBusy(busy: boolean): void {
    this.transcript.setBusy(busy);
    this.composer.setBusy(busy);
  }
}

function announceGone(gone: number, removal: Snapshot['removal']): void {
  switch (removal) {
    case 'regenerate':
      return announce('Asking Gemini again for the last answer.');
    case 'edit': {
      const after = gone - 1;
      const removed = after === 0 ? '' : after === 1 ? '; the exchange after it is removed' : `; the ${after} exchanges after it are removed`;
      return announce(`Sending the edited message${removed}.`);
    }
    case 'resend':
      // The message that failed came back to the box with its reason; it is what is being sent now.
      return;
    case 'stoppedBeforeAnswer':
      return announce('Stopped before any answer came: the message is back in the message box.');
    default:
      announce(gone === 1 ? 'One exchange removed from the chat.' : `${gone} exchanges removed from the chat.`);
  }
}

function isActive(exchange: ExchangeView): boolean {
  return isArrivingStatus(exchange.answer.status);
}
