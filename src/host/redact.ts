// Defence in depth for the log: anything shaped like a Google API key, or a `key=` query parameter,
// is masked before a line is written. Nothing the extension logs should hold one in the first place.
export function redact(message: string): string {
  return message.replace(/AIza[0-9A-Za-z_-]{20,}/g, 'AIza…').replace(/([?&]key=)[^&\s]+/gi, '$1…');
}
