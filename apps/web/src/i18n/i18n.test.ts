import { describe, expect, it } from 'vitest';
import { stringsPart } from '../../strings-plugin';
import { FIRST_STRINGS } from './areas';
import { i18n, loadMoreStrings, switchLanguage } from './index';
import en from './en.json';
import id from './id.json';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const files: Record<string, Map<string, string>> = { id: flatten(id), en: flatten(en) };

describe('translations', () => {
  it('id.json and en.json have exactly the same keys', () => {
    const idKeys = [...(files.id?.keys() ?? [])].sort();
    const enKeys = [...(files.en?.keys() ?? [])].sort();
    expect(enKeys).toEqual(idKeys);
  });

  it.each(Object.keys(files))('%s.json has no empty values', (locale) => {
    const empty = [...(files[locale] ?? new Map<string, string>())]
      .filter(([, value]) => value.trim() === '')
      .map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('uses the same interpolation variables in both languages', () => {
    const vars = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
    const mismatched = [...(files.id ?? new Map<string, string>())]
      .filter(([key, text]) => JSON.stringify(vars(text)) !== JSON.stringify(vars(files.en?.get(key) ?? '')))
      .map(([key]) => key);
    expect(mismatched).toEqual([]);
  });
});

describe('strings in two parts per language', () => {
  it('the first-load part and the rest together are the whole file, with nothing in both', () => {
    for (const all of [id, en]) {
      const first = flatten(stringsPart(all, 'first'));
      const more = flatten(stringsPart(all, 'more'));
      expect([...first.keys()].filter((k) => more.has(k))).toEqual([]);
      expect(new Map([...first, ...more])).toEqual(flatten(all));
    }
  });

  it('every path of the first-load list exists', () => {
    for (const path of FIRST_STRINGS) expect([...files.id!.keys()].some((k) => k.startsWith(`${path}.`))).toBe(true);
  });

  it('loads the rest only when asked, and then for a language switched to as well', async () => {
    await switchLanguage('id');
    expect(i18n.exists('sla.nav.monitor')).toBe(true);
    expect(i18n.exists('sla.clock.event.started')).toBe(false);
    await loadMoreStrings();
    expect(i18n.exists('sla.clock.event.started')).toBe(true);
    await switchLanguage('en');
    expect(i18n.t('sla.clock.event.started', { lng: 'en' })).not.toBe('sla.clock.event.started');
    await switchLanguage('id');
  });
});
