import fs from 'node:fs';
import type { Plugin } from 'vite';
import { FIRST_STRINGS, type StringsPart } from './src/i18n/areas';

type Tree = { [key: string]: string | Tree };

/** The part of a strings file: the FIRST_STRINGS paths, or everything else. */
export function stringsPart(all: Tree, part: StringsPart): Tree {
  const pick = (tree: Tree, prefix: string): Tree => {
    const out: Tree = {};
    for (const [key, value] of Object.entries(tree)) {
      const path = prefix ? `${prefix}.${key}` : key;
      const listed = FIRST_STRINGS.includes(path);
      const inside = FIRST_STRINGS.some((p) => p.startsWith(`${path}.`));
      if (listed) {
        if (part === 'first') out[key] = value;
      } else if (inside && typeof value !== 'string') {
        const child = pick(value, path);
        if (Object.keys(child).length > 0) out[key] = child;
      } else if (part === 'more') {
        out[key] = value;
      }
    }
    return out;
  };
  return pick(all, '');
}

/**
 * `import('./id.json?strings=first')`: one part of a language's strings (src/i18n/areas.ts), so
 * a first load fetches only the strings it shows. id.json and en.json stay the one source.
 */
export function strings(): Plugin {
  const pattern = /^(.*\.json)\?strings=(first|more)$/;
  return {
    name: 'bantu:strings',
    enforce: 'pre',
    load(id) {
      const match = pattern.exec(id);
      if (!match) return null;
      const [, file, part] = match as unknown as [string, string, StringsPart];
      this.addWatchFile(file);
      const all = JSON.parse(fs.readFileSync(file, 'utf8')) as Tree;
      return { code: `export default ${JSON.stringify(stringsPart(all, part))};`, map: null };
    },
  };
}
