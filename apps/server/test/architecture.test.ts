import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const eslint = new ESLint({ cwd: root });

/** The import rule eslint.config.js gives this file, run on `code` (no type information needed). */
async function importErrors(file: string, code: string) {
  const config = (await eslint.calculateConfigForFile(path.join(root, file))) as Linter.Config;
  const rule = config.rules?.['no-restricted-imports'];
  expect(rule, `${file} has no layer rule`).toBeDefined();
  const messages = new Linter({ configType: 'flat' }).verify(code, {
    languageOptions: { parser: tseslint.parser },
    rules: { 'no-restricted-imports': rule! },
  });
  return messages.map((m) => m.message);
}

describe('module layers', () => {
  it('fails an upward import and accepts a downward one (eslint.config.js)', async () => {
    // sla is under tickets: it may use tickets' visibility and presenter, never the service.
    const sla = 'apps/server/src/modules/sla/sla.service.ts';
    expect(await importErrors(sla, "import { ticketsService } from '@/modules/tickets/tickets.service';")).toEqual([
      expect.stringContaining('sla (layer "SLA") may import only from lower layers'),
    ]);
    expect(await importErrors(sla, "import { snapshotStats } from '@/modules/reports/reports.stats';")).toHaveLength(1);
    expect(await importErrors(sla, "import { withVisibleTo } from '@/modules/tickets/tickets.visibility';")).toEqual(
      [],
    );
    expect(await importErrors(sla, "import { findActiveUserById } from '@/modules/users/users.repository';")).toEqual(
      [],
    );
    // tickets may not import reports (it receives the stats hook instead).
    const tickets = 'apps/server/src/modules/tickets/tickets.service.ts';
    expect(
      await importErrors(tickets, "import { snapshotStats } from '@/modules/reports/reports.stats';"),
    ).toHaveLength(1);
    expect(await importErrors(tickets, "import { isPastDeadline } from '@/modules/sla/sla.expressions';")).toEqual([]);
    // The lower part of a split folder cannot reach its upper part, not even by a relative import.
    const visibility = 'apps/server/src/modules/tickets/tickets.visibility.ts';
    expect(await importErrors(visibility, "import { ticketsService } from './tickets.service';")).toHaveLength(1);
    expect(await importErrors(visibility, "import { toTicketSummary } from './tickets.presenter';")).toEqual([]);
    // Sideways within a layer is refused too.
    const settings = 'apps/server/src/modules/settings/settings.service.ts';
    expect(
      await importErrors(settings, "import { enqueueEvent } from '@/modules/outbox/outbox.repository';"),
    ).toHaveLength(1);
    expect(
      await importErrors('apps/server/src/http/auth.plugin.ts', "import '@/modules/users/users.service';"),
    ).toHaveLength(1);
  });

  it('finds every import downward and docs/ARCHITECTURE.md up to date (scripts/module-graph.mjs --check)', () => {
    const run = spawnSync(process.execPath, ['scripts/module-graph.mjs', '--check'], { cwd: root, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
