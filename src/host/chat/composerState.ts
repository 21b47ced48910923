// What the composer holds besides its text (which lives in the webview): the attachment chips with
// their parts and bytes, upload progress, and the exchange being edited. The host keeps it, so a
// reloaded or re-shown view gets its chips back from the snapshot.
import type { ExchangeRecord } from '../../core/transcript';
import type { KeptBox, SetAside } from '../../core/store/chipsFile';
import type { ComposerView } from '../../shared/protocol';
import type { PendingAttachment } from '../services';
import { attachmentViewOf } from './exchangeView';
import { attachmentsOf } from './pendingAttachments';
import { withGivenBack, withoutGivenBack } from '../../shared/givenBack';

type Box = KeptBox<PendingAttachment>;
type Aside = SetAside<PendingAttachment>;

export class ComposerState {
  /** `changed`: the chips (or their parts) or the edit changed, upload progress aside. */
  constructor(private readonly changed: () => void = () => undefined) {}

  private list: PendingAttachment[] = [];
  private readonly progress = new Map<string, number>();
  /** Chips whose upload failed, until it begins again. */
  private readonly failed = new Set<string>();
  private editing: string | undefined;
  private aside: Aside | undefined;
  /** The failed exchange whose attachments were given back, while the chips are still just those. */
  private givenBackFrom: string | undefined;

  get attachments(): PendingAttachment[] {
    return [...this.list];
  }

  get editingExchangeId(): string | undefined {
    return this.editing;
  }

  /** What is kept for the chat, between chats and across reloads (its text is the chat's draft). */
  get kept(): Box {
    return { chips: this.attachments, ...(this.editing !== undefined ? { editing: this.editing, ...(this.aside ? { aside: this.aside } : {}) } : {}) };
  }

  clear(): void {
    const had = this.list.length > 0 || this.editing !== undefined;
    this.list = [];
    this.progress.clear();
    this.editing = undefined;
    this.aside = undefined;
    this.givenBackFrom = undefined;
    if (had) this.changed();
  }

  /**
   * Another chat's message box: what is kept for it replaces this one, which is kept already (so this
   * is not reported as a change, which would save it again).
   */
  open(kept: Box): void {
    this.list = [...kept.chips];
    this.progress.clear();
    this.editing = kept.editing;
    this.aside = kept.editing !== undefined ? kept.aside : undefined;
    this.givenBackFrom = undefined;
  }

  /** True while the chips are exactly what a failed `exchangeId` gave back. */
  holdsGivenBack(exchangeId: string): boolean {
    return this.givenBackFrom === exchangeId;
  }

  /**
   * Takes an exchange's attachments to edit it: they replace the chips, which wait with `typed` (the
   * message being written) until the edit ends. Editing another message meanwhile keeps what waits.
   */
  edit(exchange: ExchangeRecord, typed: string): void {
    if (this.editing === undefined) this.aside = { text: typed, chips: this.list };
    this.list = attachmentsOf(exchange);
    this.progress.clear();
    this.editing = exchange.id;
    this.givenBackFrom = undefined;
    this.changed();
  }

  /** The edit is over (cancelled, sent, or its message gone): what it set aside comes back, and is returned. */
  endEdit(): Aside {
    const aside = this.aside ?? { text: '', chips: [] };
    this.list = aside.chips;
    this.progress.clear();
    this.editing = undefined;
    this.aside = undefined;
    this.changed();
    return aside;
  }

  /**
   * Gives a failed exchange's attachments back, beside any chips added while it was tried (a reply can
   * be retried for a while): none of them is lost. While another message is being edited, its text and
   * attachments wait with what the edit set aside instead (in the box they would be sent as part of
   * the edit), and come back when the edit ends; an edit of that very message holds them already.
   * Returns where they went ('box': the caller puts the text there).
   */
  giveBack(exchange: ExchangeRecord): 'box' | 'aside' | 'edit' {
    if (this.editing === exchange.id) return 'edit';
    if (this.editing !== undefined) {
      const aside = this.aside ?? { text: '', chips: [] };
      const chips = attachmentsOf(exchange);
      this.aside = { text: withGivenBack(exchange.text, aside.text), chips: [...aside.chips.filter((a) => !chips.some((c) => c.record.id === a.record.id)), ...chips] };
      this.changed();
      return 'aside';
    }
    const empty = this.list.length === 0;
    this.add(attachmentsOf(exchange));
    if (empty) this.givenBackFrom = exchange.id;
    return 'box';
  }

  /**
   * A failed exchange sent again (Retry) while an edit is going on: its copy waiting with what the edit
   * set aside goes (unless the user's text was added to it: then only its chips). False when no edit.
   */
  takeBackAside(exchange: ExchangeRecord): boolean {
    if (this.editing === undefined || !this.aside) return false;
    const { text, chips } = this.aside;
    const ids = new Set(exchange.attachments.map((a) => a.id));
    this.aside = {
      text: withoutGivenBack(exchange.text, text),
      chips: chips.filter((c) => !ids.has(c.record.id)),
    };
    this.changed();
    return true;
  }

  /** Adds chips, replacing any with the same id. */
  add(attachments: PendingAttachment[]): void {
    this.givenBackFrom = undefined;
    for (const a of attachments) {
      const at = this.list.findIndex((x) => x.record.id === a.record.id);
      if (at >= 0) this.list[at] = a;
      else this.list.push(a);
    }
    if (attachments.length > 0) this.changed();
  }

  /** Returns false when there is no such chip. */
  update(id: string, change: { progress?: number; parts?: PendingAttachment['parts']; record?: PendingAttachment['record']; failed?: boolean }): boolean {
    const a = this.list.find((x) => x.record.id === id);
    if (!a) return false;
    if (change.failed) this.failed.add(id);
    else this.failed.delete(id);
    if (change.parts) a.parts = change.parts;
    if (change.record) a.record = change.record;
    if (change.parts || change.record) this.changed();
    if (change.progress === undefined || change.progress >= 1) this.progress.delete(id);
    else this.progress.set(id, Math.max(0, change.progress));
    return true;
  }

  /** Returns false when there was no such chip. */
  remove(id: string): boolean {
    this.givenBackFrom = undefined;
    const before = this.list.length;
    this.list = this.list.filter((a) => a.record.id !== id);
    this.progress.delete(id);
    this.failed.delete(id);
    if (this.list.length === before) return false;
    this.changed();
    return true;
  }

  view(): ComposerView {
    return {
      attachments: this.list.map((a) => ({ ...attachmentViewOf(a.record, this.progress.get(a.record.id)), ...(this.failed.has(a.record.id) ? { uploadFailed: true } : {}) })),
      ...(this.editing ? { editingExchangeId: this.editing } : {}),
    };
  }
}
