// Automatic function calling (design in types.ts, AutomaticFunctionCallingConfig). The session asks
// `nextFunctionResponse` after each model answer: it returns the user turn with the results when the
// answer's calls can all be run here and the call budget allows, else undefined (the answer is final,
// and the caller may answer its calls by hand with a functionResponse message).
import type { AutomaticFunctionCallingConfig, Content, FunctionCall, GenerateContentConfig, Part } from './types';

export const DEFAULT_MAXIMUM_REMOTE_CALLS = 10;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function runOne(call: FunctionCall, handler: (args: Record<string, unknown>, call: FunctionCall) => unknown): Promise<Part> {
  let response: Record<string, unknown>;
  try {
    const result = await handler(call.args ?? {}, call);
    response = isPlainObject(result) ? result : { output: result };
  } catch (err) {
    // The model sees the failure and can recover; the turn goes on.
    response = { error: err instanceof Error ? err.message : String(err) };
  }
  return { functionResponse: { ...(call.id !== undefined ? { id: call.id } : {}), name: call.name, response } };
}

/** The automatic calling config when the session runs the model's calls itself; else an answer's calls are never looked at. */
export function automaticCalling(config: GenerateContentConfig | undefined): AutomaticFunctionCallingConfig | undefined {
  const afc = config?.automaticFunctionCalling;
  return afc && !afc.disable ? afc : undefined;
}

/**
 * The function-response turn for `calls`, or undefined when automatic calling is off, the budget
 * (`maximumRemoteCalls` per message) is spent, or a call has no handler.
 */
export async function nextFunctionResponse(
  calls: FunctionCall[] | undefined,
  config: GenerateContentConfig | undefined,
  callsSoFar: number,
): Promise<Content | undefined> {
  const afc = automaticCalling(config);
  if (!calls || !afc) return undefined;
  if (callsSoFar >= (afc.maximumRemoteCalls ?? DEFAULT_MAXIMUM_REMOTE_CALLS)) return undefined;
  const handlers = afc.handlers;
  if (!calls.every((c) => Object.prototype.hasOwnProperty.call(handlers, c.name))) return undefined;
  const parts: Part[] = [];
  for (const call of calls) parts.push(await runOne(call, handlers[call.name] as NonNullable<(typeof handlers)[string]>));
  return { role: 'user', parts };
}
