import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What a start of the built server loads before it answers: every package the entry reaches
// through static imports. The packages below serve one feature each and are loaded on its first
// use; at every start they cost ~0.3 s of a ~2 s embedded warm start (docs/performance.md).
const LOADED_ON_FIRST_USE = [
  '@aws-sdk/client-s3', // S3 storage
  '@aws-sdk/lib-storage',
  '@aws-sdk/s3-request-presigner',
  '@node-saml/node-saml', // SAML sign-in
  'exceljs', // XLSX export
  'file-type', // uploads
  'htmlparser2', // e-mail intake
  'imapflow',
  'mailparser',
  'nodemailer', // SMTP delivery
  'openid-client', // OpenID Connect sign-in
  'otplib', // two-step sign-in
  'pdfkit', // PDF export
  'qrcode',
  'sharp', // images
  'smtp-server', // inbound SMTP
  'web-push', // Web Push
];

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let outDir: string;

/** Bare specifiers reached from a file through static imports (relative ones followed). */
function staticPackages(file: string, seen = new Set<string>(), found = new Set<string>()): Set<string> {
  if (seen.has(file)) return found;
  seen.add(file);
  const code = fs.readFileSync(file, 'utf8');
  // esbuild writes static imports at the top as `import … from "x";` or `import "x";`, one per
  // statement (possibly over several lines); dynamic ones are `import("x")` and do not match.
  for (const match of code.matchAll(/^(?:import|export)\s[^;]*?from\s*"([^"]+)";|^import\s*"([^"]+)";/gms)) {
    const specifier = match[1] ?? match[2]!;
    if (specifier.startsWith('.')) staticPackages(path.resolve(path.dirname(file), specifier), seen, found);
    else if (!specifier.startsWith('node:')) found.add(specifier);
  }
  return found;
}

describe('the built server at start', () => {
  beforeAll(() => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bantu-build-'));
    const result = spawnSync(process.execPath, [path.join(serverDir, 'build.mjs'), outDir], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
  }, 60_000);
  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

  it('loads the packages of single features on first use, not at start', () => {
    const atStart = staticPackages(path.join(outDir, 'main.js'));
    // The walk itself works: what every request needs is found.
    expect([...atStart]).toEqual(expect.arrayContaining(['fastify', 'kysely', 'zod', '@electric-sql/pglite']));
    expect(LOADED_ON_FIRST_USE.filter((name) => atStart.has(name))).toEqual([]);
  });

  it('still has each of them in the build, behind a dynamic import', () => {
    const files = fs.readdirSync(outDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
    const code = files.map((f) => fs.readFileSync(path.join(outDir, f), 'utf8')).join('\n');
    const reachable = LOADED_ON_FIRST_USE.filter((name) => code.includes(`"${name}"`));
    expect(reachable).toEqual(LOADED_ON_FIRST_USE);
  });
});
