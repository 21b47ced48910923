// Response headers as undici gives them: lower-case names, a value or a list of values.
export type HeaderMap = Record<string, string | string[] | undefined>;

/** The first value of a header, or undefined. */
export function headerValue(headers: HeaderMap, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
