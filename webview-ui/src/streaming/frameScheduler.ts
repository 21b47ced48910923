// Coalesces rendering to one flush per animation frame, however many chunks arrive in between.
export interface Flushable {
  flush(): void;
}

const dirty = new Set<Flushable>();
const afterFlush = new Set<() => void>();
let scheduled = false;

export function scheduleFlush(target: Flushable): void {
  dirty.add(target);
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(runFlush);
  }
}

/** Runs after each frame's flushes (e.g. keeping the view scrolled to the bottom). */
export function onAfterFlush(callback: () => void): void {
  afterFlush.add(callback);
}

/** Flushes now (before a whole replacement, or when a stream ends). */
export function flushNow(target: Flushable): void {
  if (dirty.delete(target)) target.flush();
}

function runFlush(): void {
  scheduled = false;
  const targets = [...dirty];
  dirty.clear();
  for (const target of targets) target.flush();
  for (const callback of afterFlush) callback();
}
