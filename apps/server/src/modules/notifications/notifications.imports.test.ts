import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const src = path.resolve(here, '../..');

/** The module's own imports, file -> the sibling files it imports. */
function graph(): Map<string, string[]> {
  const files = fs.readdirSync(here).filter((f) => f.endsWith('.ts') && !f.includes('.test.'));
  return new Map(
    files.map((f) => {
      const text = fs.readFileSync(path.join(here, f), 'utf8');
      const deps = [...text.matchAll(/from '\.\/(notifications\.[\w.]+)'/g)].map((m) => `${m[1]}.ts`);
      return [f, [...new Set(deps)]];
    }),
  );
}

function cycles(g: Map<string, string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (n: string) => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of g.get(n) ?? []) {
      if (state.get(m) === 'open') found.push([...stack.slice(stack.indexOf(m)), m]);
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of g.keys()) if (!state.has(n)) visit(n);
  return found;
}

/** Files anywhere in the server's src that import the given module file (by its name). */
function importersOf(name: string): string[] {
  const pattern = new RegExp(`from '[^']*\\b${name.replace(/\./g, '\\.')}'`);
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && pattern.test(fs.readFileSync(full, 'utf8'))) {
        out.push(path.relative(src, full));
      }
    }
  };
  walk(src);
  return out.sort();
}

describe('notifications module borders', () => {
  it('has no import circle among its files', () => {
    expect(cycles(graph())).toEqual([]);
  });

  it('keeps producer types and queue names free of the rest of the module', () => {
    const g = graph();
    expect(g.get('notifications.types.ts')).toEqual([]);
    expect(g.get('notifications.queue.ts')).toEqual(['notifications.types.ts']);
    expect(g.get('notifications.repository.ts')).toEqual([]);
  });

  it('has its job handlers imported by the worker only', () => {
    expect(importersOf('notifications.jobs')).toEqual(['worker.ts']);
  });
});
