// Attachment chips: in the composer (removable, with upload progress) and on sent messages (read-only).
import type { AttachmentView } from '../../../src/shared/protocol';
import { formatBytes, h, icon, isDataImage } from './dom';
import { actionButton } from '../components/button';

const KIND_ICONS: Record<AttachmentView['kind'], string> = { selection: 'code', text: 'file-text', image: 'file-media', binary: 'file-binary' };

export function attachmentList(attachments: AttachmentView[], onRemove?: (id: string) => void): HTMLElement {
  const list = h('div', { className: 'chips', role: 'list', 'aria-label': 'Attachments' });
  for (const attachment of attachments) list.append(chip(attachment, onRemove));
  return list;
}

function chip(a: AttachmentView, onRemove?: (id: string) => void): HTMLElement {
  const size = formatBytes(a.size);
  const element = h('div', { className: 'chip', role: 'listitem', title: [a.detail ?? a.label, size].join(' · ') });
  element.append(isDataImage(a.thumbnail) ? h('img', { className: 'chip-thumbnail', src: a.thumbnail, alt: '' }) : icon(KIND_ICONS[a.kind] ?? 'file'));
  element.append(h('span', { className: 'chip-label' }, a.label), h('span', { className: 'chip-size' }, size));
  if (a.progress !== undefined && a.progress < 1) {
    const progress = h('progress', { className: 'chip-progress', max: '1', 'aria-label': `Uploading ${a.label}` });
    progress.value = a.progress;
    element.append(progress);
  }
  if (onRemove) element.append(actionButton({ label: `Remove ${a.label}`, icon: 'close', onClick: () => onRemove(a.id) }));
  return element;
}
