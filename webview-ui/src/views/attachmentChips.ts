// Attachment chips: in the composer (removable, with upload progress) and on sent messages. A chip's
// name opens what it stands for (the file, at the selected lines) in an editor.
import { SHA256_HEX, type AttachmentView } from '../../../src/shared/protocol';
import { h, icon } from './dom';
import { formatBytes } from '../../../src/shared/formatBytes';
import { actionButton } from '../components/button';

const KIND_ICONS: Record<AttachmentView['kind'], string> = { selection: 'code', text: 'file-text', image: 'file-media', binary: 'file-binary' };

export interface ChipActions {
  onOpen: (id: string) => void;
  onRemove?: (id: string) => void;
}

export function attachmentList(attachments: AttachmentView[], actions: ChipActions): HTMLElement {
  const list = h('div', { className: 'chips', role: 'list', 'aria-label': 'Attachments' });
  for (const attachment of attachments) list.append(chip(attachment, actions));
  return list;
}

/** The webview's URL of the chat's kept files (webviewHtml.ts), where every attached image is kept. */
const KEPT_FILES = document.getElementById('app')?.dataset.keptFiles;

function keptImageUrl(sha256: string | undefined): string | undefined {
  return KEPT_FILES && sha256 && SHA256_HEX.test(sha256) ? `${KEPT_FILES.replace(/\/$/, '')}/${sha256}` : undefined;
}

/** The image itself, small; its kind's icon when it cannot be shown (its kept file is gone). */
function thumbnail(src: string, a: AttachmentView): HTMLElement {
  const img = h('img', { className: 'chip-thumbnail', src, alt: '', loading: 'lazy', decoding: 'async' });
  img.addEventListener('error', () => img.replaceWith(icon(KIND_ICONS[a.kind] ?? 'file')), { once: true });
  return img;
}

function chip(a: AttachmentView, { onOpen, onRemove }: ChipActions): HTMLElement {
  const size = formatBytes(a.size);
  // A file whose upload failed is marked on its chip, not only in the notice that said why.
  const failed = a.uploadFailed ? 'not uploaded: Send tries again' : undefined;
  const element = h('div', { className: failed ? 'chip chip-failed' : 'chip', role: 'listitem', title: [a.detail ?? a.label, size, failed].filter(Boolean).join(' · ') });
  const image = keptImageUrl(a.keptImage);
  element.append(failed ? icon('error') : image ? thumbnail(image, a) : icon(KIND_ICONS[a.kind] ?? 'file'));
  const open = h('button', { className: 'chip-label', type: 'button', 'aria-label': failed ? `Open ${a.label} (${failed})` : `Open ${a.label}` }, a.label);
  open.addEventListener('click', () => onOpen(a.id));
  element.append(open, h('span', { className: 'chip-size' }, size));
  if (a.progress !== undefined && a.progress < 1) {
    const progress = h('progress', { className: 'chip-progress', max: '1', 'aria-label': `Uploading ${a.label}` });
    progress.value = a.progress;
    element.append(progress);
  }
  if (onRemove) element.append(actionButton({ label: `Remove ${a.label}`, icon: 'close', onClick: () => onRemove(a.id) }));
  return element;
}
