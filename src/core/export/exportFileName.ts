// A chat's title as the default name of its export: no path separators, nothing Windows refuses, no
// leading dots (a hidden file), no Markdown marks, and not so long that the save dialog cuts it.

export function exportFileName(title: string, extension: string): string {
  const base = title
    .replace(/[\\/:*?"<>|\p{Cc}]+/gu, '-')
    // Markdown's marks of a title typed as Markdown (backticks, a heading's or an issue's hashes, not
    // C#'s), and the ellipsis of a shortened one.
    .replace(/`+|(?<!\S)#+|…$/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80)
    .replace(/^[.\s-]+|[.\s-]+$/g, '');
  return `${base || 'chat'}.${extension}`;
}
