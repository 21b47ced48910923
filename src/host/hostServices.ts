// The HostServices (services.ts) that feature modules plug into, over the host runtime.
import * as vscode from 'vscode';
import type { HostServices } from './services';
import type { HostRuntime } from './hostRuntime';
import { readSettings } from './settings';

export function createHostServices(rt: HostRuntime): HostServices {
  const c = rt.controller;
  return {
    context: rt.context,
    log: rt.log,
    store: {
      list: async () => {
        await rt.ready;
        await c.refreshChats();
        return rt.store.list();
      },
      load: async (id) => {
        await rt.ready;
        return id === c.shownChat.id ? c.activeChat() : rt.store.load(id);
      },
      readAttachment: (sha) => rt.store.readAttachment(sha),
      writeAttachment: (bytes) => rt.store.writeAttachment(bytes),
    },
    chats: {
      activeChat: async () => {
        // A command run before the view was ever shown: the chats are still loading.
        await rt.ready;
        return c.activeChat();
      },
      open: async (chatId, exchangeId, side) => {
        await rt.ready;
        await rt.view.reveal();
        await c.openAt(chatId, exchangeId, side);
      },
      createFrom: async (record) => {
        await rt.ready;
        const id = await c.createFrom(record);
        await rt.view.reveal();
        return id;
      },
    },
    composer: {
      addAttachments: async (a) => {
        await rt.ready;
        c.addAttachments(a);
      },
      focus: () => c.focusComposer(),
      registerAttachmentSource: (source) => {
        rt.attachmentSource = source;
        return new vscode.Disposable(() => {
          if (rt.attachmentSource === source) rt.attachmentSource = undefined;
        });
      },
    },
    view: {
      reveal: async (focusComposer) => {
        await rt.view.reveal(focusComposer);
        if (focusComposer) c.focusComposer();
      },
      notify: (level, message) => {
        if (rt.view.visible) c.notice(level, message);
        else if (level === 'error') void vscode.window.showErrorMessage(message);
        else if (level === 'warning') void vscode.window.showWarningMessage(message);
        else void vscode.window.showInformationMessage(message);
      },
    },
    config: {
      current: () => readSettings(),
      isTrusted: () => vscode.workspace.isTrusted,
    },
  };
}
