/**
 * The "bare Fastify" baseline: one route per scenario that runs the scenario's SQL through pg
 * and answers the rows as JSON. No auth, no validation, no Kysely. It runs as its own process
 * (started by run.ts with IPC) so that, like the real server, it does not share an event loop
 * with autocannon.
 */
import fs from 'node:fs';
import Fastify from 'fastify';
import pg from 'pg';
import { buildScenarios, type BenchContext } from './scenarios';

const contextFile = process.env.BENCH_CONTEXT_FILE;
const databaseUrl = process.env.DATABASE_URL;
if (!contextFile || !databaseUrl || !process.send) {
  console.error('baseline-server is started by bench/run.ts (needs BENCH_CONTEXT_FILE, DATABASE_URL and IPC)');
  process.exit(2);
}

const context = JSON.parse(fs.readFileSync(contextFile, 'utf8')) as BenchContext;
const scenarios = new Map(buildScenarios(context).map((s) => [s.name as string, s]));
const pool = new pg.Pool({
  connectionString: databaseUrl,
  max: Number(process.env.POOL_SIZE ?? 20),
  application_name: 'bantu-bench-fastify',
});

const app = Fastify({ logger: false });
app.route<{ Params: { name: string; i: string } }>({
  method: ['GET', 'POST'],
  url: '/baseline/:name/:i',
  handler: async (request, reply) => {
    const scenario = scenarios.get(request.params.name);
    if (!scenario) return reply.code(404).send({ error: 'no such scenario' });
    const result = await scenario.baseline(pool, Number(request.params.i));
    return { items: result };
  },
});

const shutdown = () => {
  void app
    .close()
    .then(() => pool.end())
    .finally(() => process.exit(0));
};
process.once('SIGTERM', shutdown);
process.once('disconnect', shutdown);

await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.send({ port: typeof address === 'object' && address ? address.port : 0 });
