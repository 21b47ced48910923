// Coalesces rendering to one flush per animation frame, however many chunks arrive in between.
export interface Flushable {
  flush(): void;
}

/**
 * A flush that showed more than one chunk means the stream comes faster than frames: its next flush is
 * held until this long after that frame began (so it lands a frame later, at 30 fps). Each frame has a
 * cost of its own (style, layout, paint, commit, the scroll that follows the text) whatever it shows:
 * halving the frames of a dense stream took about 30% off its main-thread time, and text that appears
 * 30 times a second reads the same. A chunk that comes alone, or after a quiet frame, is still shown
 * in the next frame.
 */
const DENSE_HOLD_MS = 20;
/**
 * Only a flush that took less than this holds the next one: a held flush shows about twice the text,
 * and should stay under half a frame (when flushes are slow, on a busy machine or with heavy blocks,
 * every frame shows what it has).
 */
const CHEAP_FLUSH_MS = 4;

const dirty = new Set<Flushable>();
const afterFlush = new Set<() => void>();
let scheduled = false;
/** scheduleFlush calls since the last flush (about one per chunk). */
let requests = 0;
let holdUntil = 0;
let holdTimer: ReturnType<typeof setTimeout> | undefined;

export function scheduleFlush(target: Flushable): void {
  dirty.add(target);
  requests++;
  schedule();
}

/** Runs after each frame's flushes (it must not read layout: the frame lays out once, after). */
export function onAfterFlush(callback: () => void): void {
  afterFlush.add(callback);
}

/** Flushes now (before a whole replacement, or when a stream ends). */
export function flushNow(target: Flushable): void {
  if (!dirty.delete(target)) return;
  // What it counted is shown now: it must not hold the next frame as if it were a dense stream.
  requests = 0;
  target.flush();
}

function schedule(): void {
  if (scheduled || holdTimer !== undefined) return;
  const wait = holdUntil - performance.now();
  if (wait > 0) {
    holdTimer = setTimeout(() => {
      holdTimer = undefined;
      holdUntil = 0;
      schedule();
    }, wait);
    return;
  }
  scheduled = true;
  requestAnimationFrame(runFlush);
}

function runFlush(frameStart: number): void {
  scheduled = false;
  const dense = requests > 1;
  requests = 0;
  const start = performance.now();
  const targets = [...dirty];
  dirty.clear();
  for (const target of targets) target.flush();
  for (const callback of afterFlush) callback();
  if (dense && performance.now() - start < CHEAP_FLUSH_MS) holdUntil = frameStart + DENSE_HOLD_MS;
}
