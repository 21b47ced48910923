// What package.json contributes that activation must register at once: VS Code runs a contributed
// command or resolves the view right after activating for it. Kept in step with package.json by
// test/unit/host/contributions.test.ts. Nothing heavy may be imported here (extension.ts uses it).
export const CHAT_VIEW_ID = 'geminiChat.chatView';

export const CONTRIBUTED_COMMANDS = [
  'geminiChat.open',
  'geminiChat.newChat',
  'geminiChat.switchChat',
  'geminiChat.renameChat',
  'geminiChat.deleteChat',
  'geminiChat.stop',
  'geminiChat.rewindLastExchange',
  'geminiChat.selectModel',
  'geminiChat.setApiKey',
  'geminiChat.clearApiKey',
  'geminiChat.showLogs',
  'geminiChat.askAboutSelection',
  'geminiChat.addFile',
  'geminiChat.exportMarkdown',
  'geminiChat.copyMarkdown',
  'geminiChat.exportJson',
  'geminiChat.importJson',
  'geminiChat.searchChats',
] as const;
