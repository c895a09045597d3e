import { describe, expect, it } from 'vitest';
import { checkFile } from './uploadLimits';

const limits = { maxBytes: 1024, allowedTypes: ['image/png', 'application/pdf', 'text/csv'] };

describe('checkFile', () => {
  it('refuses files over the size limit', () => {
    expect(checkFile({ size: 1025, type: 'image/png' }, limits)).toBe('tooLarge');
    expect(checkFile({ size: 1024, type: 'image/png' }, limits)).toBeNull();
  });

  it('refuses a type the browser names and the settings do not allow', () => {
    expect(checkFile({ size: 10, type: 'application/x-msdownload' }, limits)).toBe('unsupportedType');
  });

  it('leaves unnamed types and browser aliases to the server', () => {
    expect(checkFile({ size: 10, type: '' }, limits)).toBeNull();
    expect(checkFile({ size: 10, type: 'application/octet-stream' }, limits)).toBeNull();
    expect(checkFile({ size: 10, type: 'application/vnd.ms-excel' }, limits)).toBeNull();
  });
});
