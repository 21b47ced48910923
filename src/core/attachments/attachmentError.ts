// Why an attachment was refused, with a message the user can act on. The code lets callers (and tests)
// tell the cases apart without matching on wording.

export type AttachmentErrorCode =
  | 'empty'
  | 'tooLarge'
  | 'unsupportedType'
  | 'notUtf8'
  | 'missing'
  | 'notAFile'
  | 'outsideWorkspace'
  | 'unreadable'
  | 'bytesLost'
  | 'uploadFailed';

export class AttachmentError extends Error {
  constructor(
    readonly code: AttachmentErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AttachmentError';
  }
}
