// Pastes and drops inside the chat webview, as the browser would deliver them: a ClipboardEvent or
// DragEvents carrying a DataTransfer built in the page. Synthetic because Playwright cannot put a file on
// the OS clipboard nor drag from the desktop (or the Explorer) into a webview's nested iframe; the
// events still run the webview's own handlers and, through its messages, the extension host.
import type { Locator } from 'playwright-core';

export interface TransferFile {
  name: string;
  type: string;
  bytes: Buffer;
}

/** What a DataTransfer holds: string entries by MIME type, and files. */
export interface TransferPayload {
  strings?: Record<string, string>;
  files?: TransferFile[];
  /**
   * Shift held during a drag. VS Code gives a drag over a webview to the webview only while Shift is
   * held; without it the workbench takes the drag (the webview's frame reports each file dragover to
   * it, and it then stops pointer events to the frame until the drag ends).
   */
  shiftKey?: boolean;
}

interface WirePayload {
  shiftKey: boolean;
  strings: Record<string, string>;
  files: { name: string; type: string; base64: string }[];
}

function toWire(payload: TransferPayload): WirePayload {
  return {
    shiftKey: payload.shiftKey ?? false,
    strings: payload.strings ?? {},
    files: (payload.files ?? []).map((f) => ({ name: f.name, type: f.type, base64: f.bytes.toString('base64') })),
  };
}

interface Dispatch {
  kind: 'paste' | 'drop';
  wire: WirePayload;
}

/** The few browser types the page function uses (the tests compile without the DOM library). */
interface PageEvent {
  readonly defaultPrevented: boolean;
}
interface PageElement {
  dispatchEvent(event: PageEvent): boolean;
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
}
interface PageGlobals {
  DataTransfer: new () => { setData(type: string, value: string): void; items: { add(file: unknown): void } };
  File: new (bits: unknown[], name: string, options: { type: string }) => unknown;
  ClipboardEvent: new (type: string, init: object) => PageEvent;
  DragEvent: new (type: string, init: object) => PageEvent;
  atob(base64: string): string;
}

/**
 * Runs in the webview. No named inner functions: tsx would wrap them in a helper the page does not have.
 * A real paste or drag event is composed: it crosses the toolkit text area's shadow root.
 */
function dispatchTransfer(target: unknown, { kind, wire }: Dispatch): boolean {
  const page = globalThis as unknown as PageGlobals;
  const el = target as PageElement;
  const data = new page.DataTransfer();
  for (const [type, value] of Object.entries(wire.strings)) data.setData(type, value);
  for (const f of wire.files) {
    const bytes = Uint8Array.from(page.atob(f.base64), (c) => c.charCodeAt(0));
    data.items.add(new page.File([bytes], f.name, { type: f.type }));
  }
  const init = { bubbles: true, cancelable: true, composed: true };
  if (kind === 'paste') {
    const paste = new page.ClipboardEvent('paste', { ...init, clipboardData: data });
    el.dispatchEvent(paste);
    return paste.defaultPrevented;
  }
  const box = el.getBoundingClientRect();
  const at = { ...init, dataTransfer: data, shiftKey: wire.shiftKey, clientX: box.left + box.width / 2, clientY: box.top + box.height / 2 };
  el.dispatchEvent(new page.DragEvent('dragenter', at));
  const over = new page.DragEvent('dragover', at);
  el.dispatchEvent(over);
  // The browser fires `drop` only where dragover was accepted.
  if (over.defaultPrevented) el.dispatchEvent(new page.DragEvent('drop', at));
  return over.defaultPrevented;
}

/** Pastes into `target` (an element inside the webview). Returns whether the view took the paste over. */
export async function pasteInto(target: Locator, payload: TransferPayload): Promise<boolean> {
  return target.evaluate(dispatchTransfer, { kind: 'paste', wire: toWire(payload) } satisfies Dispatch);
}

/**
 * Drags `payload` over `target` and drops it: dragenter, dragover, drop, as the browser sends them.
 * Returns whether dragover was accepted (otherwise the pointer shows "no drop" and nothing is dropped).
 */
export async function dropOn(target: Locator, payload: TransferPayload): Promise<boolean> {
  return target.evaluate(dispatchTransfer, { kind: 'drop', wire: toWire(payload) } satisfies Dispatch);
}
