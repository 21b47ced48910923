// Comprehensive vs curated history (session rules 2–4, README.md). The comprehensive history is every turn as
// recorded; the curated one is what is sent: it leaves out each run of model turns that holds an
// invalid output, together with the user turn that asked for it.
import { InvalidInputError } from './errors';
import type { Content } from './types';

/**
 * Valid model output: at least one part and no empty part (`{}`). Empty text, thoughts and
 * signature-only parts are valid; finishReason plays no part (rule 3).
 */
export function isValidModelContent(content: Content): boolean {
  const parts = content.parts;
  if (!Array.isArray(parts) || parts.length === 0) return false;
  return parts.every((p) => typeof p === 'object' && p !== null && Object.values(p).some((v) => v !== undefined));
}

/**
 * Rule 4: drop every run of consecutive model entries that contains an invalid one, and the one user
 * entry just before it. `[u1, u2, model({})]` → `[u1]`.
 */
export function curateHistory(history: readonly Content[]): Content[] {
  const out: Content[] = [];
  let i = 0;
  while (i < history.length) {
    const entry = history[i] as Content;
    if (entry.role !== 'model') {
      out.push(entry);
      i++;
      continue;
    }
    let end = i;
    let valid = true;
    while (end < history.length && (history[end] as Content).role === 'model') {
      if (!isValidModelContent(history[end] as Content)) valid = false;
      end++;
    }
    if (valid) out.push(...history.slice(i, end));
    else if (i > 0 && (history[i - 1] as Content).role === 'user' && out[out.length - 1] === history[i - 1]) out.pop();
    i = end;
  }
  return out;
}

/** Rule 2: every entry must be a user or model Content with a parts array; the error names the role. */
export function validateHistory(history: readonly Content[]): void {
  history.forEach((entry, index) => {
    if (typeof entry !== 'object' || entry === null) throw new InvalidInputError(`History entry ${index} is not a Content object.`);
    if (entry.role !== 'user' && entry.role !== 'model') {
      throw new InvalidInputError(
        `History entry ${index} has role ${JSON.stringify(entry.role)}; only "user" and "model" are allowed.`,
      );
    }
    if (!Array.isArray(entry.parts)) throw new InvalidInputError(`History entry ${index} (${entry.role}) has no parts array.`);
  });
}

/**
 * Deep copy of JSON data: every object and array is new, strings are shared (they are immutable, so a
 * 20 MB inlineData string is not copied). Several times faster than structuredClone on history.
 */
function copyJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const arr: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) arr[i] = copyJson(value[i] as unknown);
    return arr as T;
  }
  // A spread copies an object's own fields in one step (no key array per object: a long streamed
  // answer records thousands of entries), and keeps a field named `__proto__` a field, where an
  // assignment would set the copy's prototype. Then only the fields holding objects are replaced.
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key in out) {
    const v = out[key];
    if (typeof v === 'object' && v !== null && Object.hasOwn(out, key)) out[key] = copyJson(v);
  }
  return out as T;
}

/** Deep copy: history handed in or out never shares objects with the session. */
export function cloneContents(contents: readonly Content[]): Content[] {
  return contents.map(copyJson);
}
