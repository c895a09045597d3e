import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { freePort } from './ports';

export { freePort };

/** Debian's dovecot (dovecot-imapd), or null with the reason it cannot run here. */
export function dovecotBinary(): { path: string } | { missing: string } {
  const found = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((p) => fs.existsSync(p));
  if (!found)
    return { missing: 'dovecot is not installed (apt-get install dovecot-imapd; scripts/test.mjs does it as root)' };
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    return { missing: 'dovecot needs root here (it drops privileges to the mail user)' };
  }
  return { path: found };
}

export const DOVECOT_PASSWORD = 'intake-secret';

/**
 * A real IMAP server for one test file: dovecot in the foreground with its own config, state
 * and maildirs in a temp dir, on a free loopback port; any user logs in with DOVECOT_PASSWORD
 * (static passdb). Mail is stored as the `mail` system user.
 */
export async function startDovecot() {
  const bin = dovecotBinary();
  if ('missing' in bin) throw new Error(bin.missing);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bantu-dovecot-'));
  fs.chmodSync(dir, 0o755);
  const mailUid = Number(spawnSync('id', ['-u', 'mail']).stdout.toString().trim() || 8);
  const mailGid = Number(spawnSync('id', ['-g', 'mail']).stdout.toString().trim() || 8);
  for (const sub of ['run', 'state', 'mail']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  fs.chownSync(path.join(dir, 'mail'), mailUid, mailGid);
  const port = await freePort();
  const config = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(
    config,
    `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = ${mailUid}
mail_location = maildir:${dir}/mail/%n
mail_uid = ${mailUid}
mail_gid = ${mailGid}
passdb {
  driver = static
  args = password=${DOVECOT_PASSWORD}
}
userdb {
  driver = static
  args = uid=${mailUid} gid=${mailGid} home=${dir}/mail/%n
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
namespace inbox {
  inbox = yes
}
`,
  );
  const child: ChildProcess = spawn(bin.path, ['-F', '-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) {
      const log = fs.existsSync(path.join(dir, 'dovecot.log'))
        ? fs.readFileSync(path.join(dir, 'dovecot.log'), 'utf8')
        : '';
      throw new Error(`dovecot exited (${child.exitCode}): ${output}\n${log}`);
    }
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.end();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (open) break;
    if (Date.now() > deadline) throw new Error(`dovecot did not listen on ${port}: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    dir,
    /** An IMAP client logged in as `user` (APPEND, flags, what the intake sees). */
    async client(user: string) {
      const c = new ImapFlow({
        host: '127.0.0.1',
        port,
        secure: false,
        doSTARTTLS: false,
        auth: { user, pass: DOVECOT_PASSWORD },
        logger: false,
      });
      c.on('error', () => undefined);
      await c.connect();
      return c;
    },
    /** Puts raw messages into a user's folder, as a mail server delivering them would. */
    async append(user: string, messages: (string | Buffer)[], folder = 'INBOX') {
      const c = await this.client(user);
      try {
        for (const m of messages) await c.append(folder, m);
      } finally {
        await c.logout();
      }
    },
    log: () => fs.readFileSync(path.join(dir, 'dovecot.log'), 'utf8'),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type Dovecot = Awaited<ReturnType<typeof startDovecot>>;
