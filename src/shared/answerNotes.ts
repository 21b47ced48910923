// What the view and the Markdown export say about how an answer ended, in the same words.

/** Why an answer ended, when not at its natural end (the API's reason in brackets, for a search). */
export function finishedBecause(reason: string): string {
  const why: Record<string, string> = {
    MAX_TOKENS: 'The answer reached its maximum length',
    SAFETY: 'The answer was stopped by safety filters',
    RECITATION: 'The answer was stopped for reciting a source',
    LANGUAGE: 'The answer was stopped: a language Gemini does not support',
    BLOCKLIST: 'The answer was stopped by a blocked term',
    PROHIBITED_CONTENT: 'The answer was stopped for prohibited content',
    SPII: 'The answer was stopped for sensitive personal information',
    MALFORMED_FUNCTION_CALL: 'The answer ended with a function call Gemini could not form',
  };
  return `${why[reason] ?? 'The answer ended early'} (${reason}).`;
}

/**
 * A finished answer with nothing to show (its parts held only empty text). It stays in the conversation
 * (the API takes empty text back as history), but the reader is told, rather than shown a blank.
 */
export const EMPTY_ANSWER = 'Gemini sent an empty answer.';
