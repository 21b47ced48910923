// What the composer holds besides its text (which lives in the webview): the attachment chips with
// their parts and bytes, upload progress, and the exchange being edited. The host keeps it, so a
// reloaded or re-shown view gets its chips back from the snapshot.
import type { ExchangeRecord } from '../../core/transcript';
import type { ComposerView } from '../../shared/protocol';
import type { PendingAttachment } from '../services';
import { attachmentViewOf } from './exchangeView';
import { attachmentsOf } from './pendingAttachments';

export class ComposerState {
  /** `changed`: the chips (or their parts) changed, upload progress aside. */
  constructor(private readonly changed: () => void = () => undefined) {}

  private list: PendingAttachment[] = [];
  private readonly progress = new Map<string, number>();
  private editing: string | undefined;
  /** The failed exchange whose attachments were given back, while the chips are still just those. */
  private givenBackFrom: string | undefined;

  get attachments(): PendingAttachment[] {
    return [...this.list];
  }

  get editingExchangeId(): string | undefined {
    return this.editing;
  }

  clear(): void {
    const had = this.list.length > 0;
    this.list = [];
    this.progress.clear();
    this.editing = undefined;
    this.givenBackFrom = undefined;
    if (had) this.changed();
  }

  /**
   * Another chat's message box: its kept chips replace these, which are kept already (so this is not
   * reported as a change, which would save them again).
   */
  open(attachments: PendingAttachment[]): void {
    this.list = [...attachments];
    this.progress.clear();
    this.editing = undefined;
    this.givenBackFrom = undefined;
  }

  /** True while the chips are exactly what a failed `exchangeId` gave back. */
  holdsGivenBack(exchangeId: string): boolean {
    return this.givenBackFrom === exchangeId;
  }

  /** Takes an exchange's attachments to edit it: they replace the chips. */
  edit(exchange: ExchangeRecord): void {
    this.clear();
    this.list = attachmentsOf(exchange);
    this.editing = exchange.id;
    this.changed();
  }

  /**
   * Gives a failed exchange's attachments back, beside any chips added while it was tried (a reply can
   * be retried for a while): none of them is lost.
   */
  giveBack(exchange: ExchangeRecord): void {
    const empty = this.list.length === 0;
    this.add(attachmentsOf(exchange));
    if (empty) this.givenBackFrom = exchange.id;
  }

  stopEditing(): void {
    this.editing = undefined;
    this.changed();
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
  update(id: string, change: { progress?: number; parts?: PendingAttachment['parts']; record?: PendingAttachment['record'] }): boolean {
    const a = this.list.find((x) => x.record.id === id);
    if (!a) return false;
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
    if (this.list.length === before) return false;
    this.changed();
    return true;
  }

  view(): ComposerView {
    return {
      attachments: this.list.map((a) => attachmentViewOf(a.record, this.progress.get(a.record.id))),
      ...(this.editing ? { editingExchangeId: this.editing } : {}),
    };
  }
}
