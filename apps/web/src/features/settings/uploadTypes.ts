import { KNOWN_UPLOAD_TYPES } from '@bantu/contracts';

export type UploadType = (typeof KNOWN_UPLOAD_TYPES)[number];

/** Names people recognise, shown next to each MIME type. */
const LABELS: Record<UploadType, string> = {
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/gif': 'GIF',
  'image/webp': 'WebP',
  'application/pdf': 'PDF',
  'application/zip': 'ZIP',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word (.docx)',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel (.xlsx)',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint (.pptx)',
  'application/msword': 'Word 97-2003 (.doc)',
  'application/vnd.ms-excel': 'Excel 97-2003 (.xls)',
  'text/plain': 'Text (.txt)',
  'text/csv': 'CSV',
  'application/x-7z-compressed': '7-Zip',
  'image/svg+xml': 'SVG',
  'text/html': 'HTML',
};

/** Types that can carry scripts: allowed only when an admin really needs them. */
export const RISKY_UPLOAD_TYPES: readonly UploadType[] = ['image/svg+xml', 'text/html'];

export function isUploadType(value: string): value is UploadType {
  return (KNOWN_UPLOAD_TYPES as readonly string[]).includes(value);
}

export const UPLOAD_TYPE_OPTIONS = KNOWN_UPLOAD_TYPES.map((type) => ({
  value: type,
  label: `${LABELS[type]} · ${type}`,
}));

export function uploadTypeLabel(type: UploadType): string {
  return LABELS[type];
}
