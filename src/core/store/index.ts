// The chat store: pure persistence logic behind small ports (see ports.ts).
export * from './ports';
export * from './chatStore';
export * from './chatIndex';
export * from './nodeFileStore';
export { parseChatFile, isValidChatId } from './chatFileSchema';
export { mergeChats } from './mergeChats';
