// The view's header: the open chat's title and model, its token total, the chat switcher and
// new / rename / delete.
import type { ChatSummary, ChatView, UsageView, WebviewToHost } from '../../../src/shared/protocol';
import { dropdown, setDropdownOptions } from '../components/dropdown';
import { actionButton } from '../components/button';
import { formatTotal } from './format';
import { h } from './dom';

export class HeaderView {
  readonly element: HTMLElement;
  /** The chat's title as the view's heading, for screen readers: on screen, the switcher shows it. */
  private readonly title = h('h1', { className: 'visually-hidden' });
  private readonly model = h('span', { className: 'chat-model', title: 'Model' });
  private readonly usage = h('span', { className: 'chat-usage', title: "Tokens this chat's answers used (each request counts the history it sent)" });
  private readonly extras = h('span', { className: 'chat-extras' });
  private readonly switcher;
  private readonly chatActions = h('span', { className: 'chat-actions' });
  private chatId: string | undefined;

  constructor(
    private readonly post: (message: WebviewToHost) => void,
    private readonly notify: (message: string) => void,
  ) {
    this.switcher = dropdown('Switch chat', (chatId) => {
      if (chatId && chatId !== this.chatId) this.post({ type: 'chat/switch', chatId });
    });
    const rename = actionButton({ label: 'Rename Chat…', icon: 'edit', onClick: () => this.chatId && this.post({ type: 'chat/rename', chatId: this.chatId }) });
    const remove = actionButton({ label: 'Delete Chat…', icon: 'trash', onClick: () => this.chatId && this.post({ type: 'chat/delete', chatId: this.chatId }) });
    this.chatActions.append(rename, remove);
    this.element = h(
      'header',
      { className: 'chat-header' },
      this.title,
      h(
        'div',
        { className: 'chat-header-row' },
        this.switcher,
        actionButton({ label: 'New Chat', icon: 'add', onClick: () => this.post({ type: 'chat/new' }) }),
        this.chatActions,
      ),
      h('div', { className: 'chat-header-row chat-meta' }, this.model, this.extras, this.usage),
    );
  }

  render(chats: ChatSummary[], chat: ChatView | undefined): void {
    this.chatId = chat?.id;
    this.title.textContent = chat?.title || 'New chat';
    this.model.textContent = chat?.model ?? '';
    this.model.hidden = !chat?.model;
    // Its words on hover, and in a notice when pressed (the keyboard and screen readers reach it too).
    this.extras.replaceChildren(
      ...(chat?.extras ?? []).map((x) => {
        const button = h('button', { type: 'button', className: 'chat-model chat-extra', title: x.detail }, x.label);
        button.addEventListener('click', () => this.notify(`${x.label}: ${x.detail}`));
        return button;
      }),
    );
    this.chatActions.hidden = !chat;
    // The open chat goes by its title as the view shows it (a chat rewound to empty is a new chat until its
    // next message); another chat whose answer is still arriving says so (it goes on while this one is open).
    const options = chats.map((c) => ({
      value: c.id,
      label: c.id === chat?.id ? chat.title || 'New chat' : `${c.title || 'New chat'}${c.answering ? ' (answering…)' : ''}`,
    }));
    if (chat && !chats.some((c) => c.id === chat.id)) options.unshift({ value: chat.id, label: chat.title || 'New chat' });
    this.switcher.hidden = options.length === 0;
    setDropdownOptions(this.switcher, options, chat?.id);
  }

  /** The chat's token total, from its answers' usages (it changes as each answer ends). */
  showUsage(usages: (UsageView | undefined)[]): void {
    this.usage.textContent = formatTotal(usages);
  }
}
