import { numberFormat } from '@/lib/format';

/** "1,5 MB", "820 kB". */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return numberFormat(locale, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 || value >= 10 ? 0 : 1,
  }).format(value);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * The files of a paste (a screenshot from the clipboard arrives as "image.png"): each gets a
 * name that says what it is and when it was taken.
 */
export function filesFromClipboard(data: DataTransfer | null): File[] {
  if (!data) return [];
  const files = [...data.files];
  const now = new Date();
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return files.map((file, index) => {
    if (!file.type.startsWith('image/') || !/^image\.\w+$/i.test(file.name)) return file;
    const extension = file.type.split('/')[1]?.replace('jpeg', 'jpg') ?? 'png';
    const suffix = files.length > 1 ? `-${index + 1}` : '';
    return new File([file], `screenshot-${stamp}${suffix}.${extension}`, { type: file.type });
  });
}

/** True when a paste or key event happened inside something that takes text. */
export function isTextTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement;
}
