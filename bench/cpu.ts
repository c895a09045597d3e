import fs from 'node:fs';

/**
 * CPU time from /proc (Linux), to tell a saturated machine from a slow route: who used how much
 * of the 2 cores while a run lasted. Figures are in cores (1.0 = one core busy the whole run).
 */
const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every mainstream Linux (getconf CLK_TCK)

export interface CpuUse {
  /** The process under test: the API server or the bare Fastify baseline (null for pg direct). */
  target: number | null;
  /** PostgreSQL backends connected to the bench database. */
  postgres: number;
  /** Every other PostgreSQL process: other databases' clients, WAL writer, checkpointer, autovacuum. */
  postgresOther: number;
  /** This process: autocannon, or the pg workers of the direct baseline. */
  loadGenerator: number;
  /** Everything on the machine, other users' work included. */
  machine: number;
  cores: number;
}

function processTicks(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "pid (comm) ": state is the 1st, utime the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/** CPU ticks of every process named postgres, by pid. */
function allPostgresTicks(): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue;
    }
    const t = processTicks(Number(entry));
    if (t !== null) ticks.set(Number(entry), t);
  }
  return ticks;
}

function machineTicks(): { busy: number; total: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const idleAll = (idle ?? 0) + (iowait ?? 0);
  const busy = (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0);
  return { busy, total: busy + idleAll };
}

/** Starts counting; the returned function stops and answers the use since the start. */
export async function startCpu(targetPid: number | undefined, postgresPids: () => Promise<number[]>) {
  const wall = process.hrtime.bigint();
  const self = process.cpuUsage();
  const target = targetPid ? processTicks(targetPid) : null;
  const machine = machineTicks();
  const before = new Map((await postgresPids()).map((pid) => [pid, processTicks(pid) ?? 0]));
  const allBefore = allPostgresTicks();
  return async (): Promise<CpuUse> => {
    const seconds = Number(process.hrtime.bigint() - wall) / 1e9;
    const pids = await postgresPids();
    let postgres = 0;
    for (const pid of pids) postgres += (processTicks(pid) ?? 0) - (before.get(pid) ?? 0);
    let allPostgres = 0;
    for (const [pid, t] of allPostgresTicks()) allPostgres += t - (allBefore.get(pid) ?? 0);
    const used = process.cpuUsage(self);
    const targetNow = targetPid ? processTicks(targetPid) : null;
    const machineNow = machineTicks();
    const cores = (ticks: number) => ticks / TICKS_PER_SECOND / seconds;
    return {
      target: target !== null && targetNow !== null ? cores(targetNow - target) : null,
      postgres: cores(postgres),
      postgresOther: Math.max(0, cores(allPostgres - postgres)),
      loadGenerator: (used.user + used.system) / 1e6 / seconds,
      machine: cores(machineNow.busy - machine.busy),
      cores: (machineNow.total - machine.total) / TICKS_PER_SECOND / seconds,
    };
  };
}
