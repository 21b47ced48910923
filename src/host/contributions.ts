// What package.json contributes that activation must register at once: VS Code runs a contributed
// command or resolves the view right after activating for it. Kept in step with package.json by
// test/unit/host/contributions.test.ts. Nothing heavy may be imported here (extension.ts uses it).
export const CHAT_VIEW_ID = 'geminiChat.chatView';

export const COMMAND_IDS = {
  open: 'geminiChat.open',
  newChat: 'geminiChat.newChat',
  switchChat: 'geminiChat.switchChat',
  renameChat: 'geminiChat.renameChat',
  deleteChat: 'geminiChat.deleteChat',
  stop: 'geminiChat.stop',
  rewindLast: 'geminiChat.rewindLastExchange',
  selectModel: 'geminiChat.selectModel',
  useSettings: 'geminiChat.useCurrentSettings',
  setApiKey: 'geminiChat.setApiKey',
  clearApiKey: 'geminiChat.clearApiKey',
  showLogs: 'geminiChat.showLogs',
  askAboutSelection: 'geminiChat.askAboutSelection',
  addFile: 'geminiChat.addFile',
  exportMarkdown: 'geminiChat.exportMarkdown',
  copyMarkdown: 'geminiChat.copyMarkdown',
  exportJson: 'geminiChat.exportJson',
  importJson: 'geminiChat.importJson',
  searchChats: 'geminiChat.searchChats',
} as const;

export const CONTRIBUTED_COMMANDS = Object.values(COMMAND_IDS);

/** The context keys package.json's `when` clauses read, which the extension sets. */
export const CONTEXT_KEYS = {
  busy: 'geminiChat.busy',
  hasChats: 'geminiChat.hasChats',
  hasExchanges: 'geminiChat.hasExchanges',
  hasStoredKey: 'geminiChat.hasStoredKey',
} as const;
