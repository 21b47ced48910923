// Chips too large to go inline are uploaded to the Files API as soon as they are attached, so that a
// Send usually finds them up. A Send during such an upload waits for it rather than starting another
// (two copies of the file, and twice the wait).
import type { PendingAttachment } from '../services';

export class ChipUploads {
  private readonly running = new Map<string, Promise<boolean>>();

  /** Keeps chip `id`'s upload until it ends; it resolves true when the file is up, false when it failed (and the user was told). */
  track(id: string, upload: Promise<boolean>): void {
    const run: Promise<boolean> = upload.finally(() => {
      if (this.running.get(id) === run) this.running.delete(id);
    });
    this.running.set(id, run);
  }

  /** Resolves once the uploads of `chips` that are running have ended: false when one of them failed. */
  async settled(chips: readonly PendingAttachment[]): Promise<boolean> {
    const results = await Promise.all(chips.flatMap((c) => this.running.get(c.record.id) ?? []));
    return results.every(Boolean);
  }
}
