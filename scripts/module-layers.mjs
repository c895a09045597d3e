// The server's module layers, bottom first: a file may import only from nodes of LOWER layers
// (and from its own node). eslint.config.js turns this into `no-restricted-imports` errors and
// scripts/module-graph.mjs draws the graph in docs/ARCHITECTURE.md from the real imports.
// A node is a folder of apps/server/src (modules/<name> or a top folder) unless listed with
// explicit files: a few modules keep a small lower part that modules under them may use.

export const SERVER_SRC = 'apps/server/src';

/**
 * Bottom first; globs relative to SERVER_SRC. `foundation` layers may be imported by anything above
 * them: the graph leaves their arrows out (they would hide the others) and lists them instead.
 * @type {{ name: string, foundation?: boolean, nodes: Record<string, string[]> }[]}
 */
export const LAYERS = [
  { name: 'configuration', foundation: true, nodes: { config: ['config.ts'] } },
  { name: 'pure helpers', foundation: true, nodes: { lib: ['lib/**'] } },
  { name: 'database', foundation: true, nodes: { db: ['db/**'] } },
  { name: 'adapters', foundation: true, nodes: { infra: ['infra/**'] } },
  {
    name: 'read by the HTTP layer',
    // The auth plugin loads the session's user.
    nodes: { 'users/repository': ['modules/users/users.repository.ts'] },
  },
  {
    name: 'sign-in policy',
    // Password sign-in asks whether SSO policy still allows it.
    nodes: { 'sso/policy': ['modules/sso/sso.policy.ts', 'modules/sso/sso.repository.ts'] },
  },
  {
    name: 'leaves shared by several modules',
    // CSV/XLSX writers (exports, audit log).
    nodes: {
      'reports/writers': ['modules/reports/reports.writers.ts'],
    },
  },
  { name: 'HTTP', foundation: true, nodes: { http: ['http/**'] } },
  // Every module that changes something records it here.
  { name: 'audit log', nodes: { audit: ['modules/audit/**'] } },
  { name: 'settings', nodes: { settings: ['modules/settings/**'] } },
  {
    name: 'sign-in steps (read by auth)',
    nodes: { 'account/steps': ['modules/account/account.steps.ts'] },
  },
  {
    name: 'core modules',
    nodes: {
      auth: ['modules/auth/**'],
      outbox: ['modules/outbox/**'],
      categories: ['modules/categories/**'],
      priorities: ['modules/priorities/**'],
      'sla-rules': ['modules/sla-rules/**'],
      comments: ['modules/comments/**'],
      health: ['modules/health/**'],
      backup: ['modules/backup/**'],
      realtime: ['modules/realtime/**'],
      // Who may see a ticket, and how a ticket row is shown: used by the SLA views below tickets.
      'tickets/visibility': ['modules/tickets/tickets.visibility.ts', 'modules/tickets/tickets.presenter.ts'],
    },
  },
  { name: 'people', nodes: { users: ['modules/users/**'] } },
  { name: 'single sign-on', nodes: { sso: ['modules/sso/**'] } },
  // The ticket writers drive the SLA clock, so SLA sits under tickets.
  { name: 'SLA', nodes: { sla: ['modules/sla/**'] } },
  { name: 'tickets', nodes: { tickets: ['modules/tickets/**'] } },
  {
    name: 'around tickets',
    nodes: {
      attachments: ['modules/attachments/**'],
      reports: ['modules/reports/**'],
      // Web Push is one of the notification channels (its delivery and the planner read each other).
      notifications: ['modules/notifications/**', 'modules/push/**'],
      metrics: ['modules/metrics/**'],
    },
  },
  { name: 'intake', nodes: { 'mail-intake': ['modules/mail-intake/**'] } },
  { name: 'account self-service', nodes: { account: ['modules/account/**'] } },
  { name: 'demo data', nodes: { demo: ['modules/demo/**'] } },
  { name: 'composition', nodes: { app: ['app.ts', 'services.ts', 'worker.ts', 'main.ts', 'cli.ts'] } },
];

/** Test files assemble whole worlds (buildApp, factories): outside the layering. */
export const IGNORED = ['**/*.test.ts'];

/** Every node with its layer index and globs; explicit file lists win over folders of the same module. */
export function nodes() {
  const out = [];
  LAYERS.forEach((layer, rank) => {
    for (const [name, globs] of Object.entries(layer.nodes)) out.push({ name, rank, layer: layer.name, globs });
  });
  // Specific (file) globs before folder globs, so a split folder's files find their own node.
  return out.sort((a, b) => specificity(b) - specificity(a));
}

const specificity = (node) => (node.globs.every((g) => !g.includes('*')) ? 1 : 0);

/** Glob (with ** and *) to RegExp, for paths relative to SERVER_SRC. */
export function globToRegExp(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The node a file (relative to SERVER_SRC, with extension) belongs to, or null. */
export function nodeOf(file, all = nodes()) {
  return all.find((n) => n.globs.some((g) => globToRegExp(g).test(file))) ?? null;
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const dirOf = (glob) => glob.slice(0, glob.lastIndexOf('/') + 1);
const isFileNode = (node) => specificity(node) === 1;

/**
 * A RegExp source matching the import specifiers of a node's files from another folder (the `@/`
 * alias, or `./` from the files at the root), with or without extension.
 */
function specifierPattern(node) {
  const alternatives = node.globs.map((g) =>
    g.endsWith('/**') ? `${escape(g.slice(0, -3))}(?:/.*)?` : `${escape(g.replace(/\.ts$/, ''))}(?:\\.[jt]s)?`,
  );
  return `(?:@/|\\./)(?:${alternatives.join('|')})`;
}

/**
 * The import specifiers (RegExp sources, for no-restricted-imports `regex`) a node may not use:
 * those of every node in its layer or above, except lower parts of a split folder
 * (`users/repository` under `users`); inside a split folder, the lower part's relative imports
 * of the upper part too.
 */
export function forbiddenPatterns(node, all = nodes()) {
  const forbidden = all.filter((other) => other !== node && other.rank >= node.rank);
  const allowedParts = all.filter((other) => other.rank < node.rank && isFileNode(other));
  const except = allowedParts.length ? `(?!(?:${allowedParts.map(specifierPattern).join('|')})$)` : '';
  const patterns = forbidden.map((other) => `^${except}${specifierPattern(other)}$`);
  if (isFileNode(node)) {
    const dir = dirOf(node.globs[0]);
    if (forbidden.some((f) => f.globs.includes(`${dir}**`))) {
      const own = [...node.globs, ...allowedParts.flatMap((o) => o.globs)]
        .filter((g) => dirOf(g) === dir)
        .map((g) => `${escape(g.slice(dir.length).replace(/\.ts$/, ''))}(?:\\.[jt]s)?$`);
      patterns.push(`^\\./(?!${own.join('|')})[^/]+$`);
    }
  }
  return patterns;
}

/** The flat-config blocks for eslint.config.js: one per node, forbidding imports of its layer and above. */
export function restrictedImportConfigs() {
  const all = nodes();
  return all.map((node) => {
    const files = node.globs.map((g) => `${SERVER_SRC}/${g.endsWith('**') ? `${g}/*.ts` : g}`);
    // A folder node leaves out the files that form a node of their own.
    const ignores = [
      ...IGNORED,
      ...all
        .filter((o) => o !== node && isFileNode(o) && !isFileNode(node))
        .flatMap((o) => o.globs.map((g) => `${SERVER_SRC}/${g}`)),
    ];
    return {
      name: `layers/${node.name}`,
      files,
      ignores,
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: forbiddenPatterns(node, all).map((regex) => ({
              regex,
              message: `${node.name} (layer "${node.layer}") may import only from lower layers (scripts/module-layers.mjs, docs/ARCHITECTURE.md).`,
            })),
          },
        ],
      },
    };
  });
}
