import { describe, expect, it } from 'vitest';
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
