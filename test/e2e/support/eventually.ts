// Waiting for what a user would eventually see. A limit exists only so a broken build fails instead of
// hanging; nothing asserts how fast a thing happens.
const LIMIT_MS = Number(process.env.E2E_WAIT_LIMIT_MS ?? 45_000);
const POLL_MS = 50;

/** Polls `probe` until it returns a value that is not `undefined`/`false`; throws `what` when it never does. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false): Promise<T> {
  const started = Date.now();
  const deadline = started + LIMIT_MS;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) {
        if (process.env.E2E_TRACE) console.log(`      (saw ${what} after ${Date.now() - started} ms)`);
        return value;
      }
    } catch (err) {
      // Frames detach and elements re-render while the workbench works: try again.
      lastError = err;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message.split('\n')[0]})` : '';
      throw new Error(`never saw: ${what}${cause}`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
