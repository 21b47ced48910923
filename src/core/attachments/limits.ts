// How large an attachment may be. Media above `maxInlineBytes` (a setting) goes through the Files API;
// nothing above these hard limits is read at all, because the whole file is held in memory while it is
// sent and a copy is kept with the chat.

/** Images, PDF, audio, video. The Files API takes more, but the extension host would hold it in memory. */
export const MAX_MEDIA_BYTES = 100 * 1024 * 1024;
/** Text is sent as text: 2 MB is already about half a million tokens. */
export const MAX_TEXT_BYTES = 2 * 1024 * 1024;
export interface AttachmentLimits {
  maxInlineBytes: number;
  maxMediaBytes: number;
  maxTextBytes: number;
}

/** The limits with the user's `attachments.maxInlineBytes` setting. */
export function attachmentLimits(maxInlineBytes: number): AttachmentLimits {
  return { maxInlineBytes, maxMediaBytes: MAX_MEDIA_BYTES, maxTextBytes: MAX_TEXT_BYTES };
}
