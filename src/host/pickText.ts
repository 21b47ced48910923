// A quick pick's rows (and the status bar) draw "$(name)" as an icon, and the words are gone ("echo
// $(pwd)" shows as "echo " and a blank). Text from a chat (a title, a message, a file name) is shown as
// typed: each such name is escaped as they read it. A "$(" that names no icon is left alone, as they
// leave it.
const ICON = /\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\)/g;

export function asTyped(text: string): string {
  return text.replace(ICON, '\\$&');
}
