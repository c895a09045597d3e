import type { Locale, NotificationKind } from '@bantu/contracts';
import { sql } from 'kysely';
import type { DB } from '@/db/database';
import type { Clock } from '@/infra/infra.plugin';
import type { Mailer } from '@/infra/mail/mailer';
import { settingsService } from '@/modules/settings/settings.service';
import { localDay, nextLocalTime } from './notifications.schedule';
import { ticketLink } from '@/lib/request-origin';
import { escapeHtml, renderMail, statusLabel, type TemplateData } from './notifications.templates';

const MAX_ATTEMPTS = 6;
const backoffMs = (attempt: number) => 30_000 * 2 ** (attempt - 1);
const LEASE_MS = 5 * 60_000;

const COPY: Record<
  Locale,
  { subject: (n: number) => string; lead: string; open: string; why: string; status: string }
> = {
  id: {
    status: 'Status',
    subject: (n) => `Ringkasan harian: ${n} pembaruan tiket`,
    lead: 'Berikut yang terjadi pada tiket Anda sejak ringkasan terakhir:',
    open: 'Buka',
    why: 'Anda menerima ringkasan harian ini karena mengaktifkannya di profil Anda.',
  },
  en: {
    status: 'Status',
    subject: (n) => `Daily digest: ${n} ticket update${n === 1 ? '' : 's'}`,
    lead: 'Here is what happened on your tickets since the last digest:',
    open: 'Open',
    why: 'You receive this daily digest because you turned it on in your profile.',
  },
};

export interface DigestItem {
  kind: NotificationKind;
  data: Omit<TemplateData, 'link' | 'organization'> & { baseUrl?: string | null };
  createdAt: Date;
}

const clipLine = (text: string, max = 300) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

/** One mail listing every item, each with its ticket number and a link, in the user's language. */
export function renderDigest(locale: Locale, items: DigestItem[], organization: string, publicUrl?: string) {
  const copy = COPY[locale];
  const lines = items.map((item) => {
    // PUBLIC_URL, else the address the causing request came in on (kept with the notification).
    const link = ticketLink(publicUrl ?? item.data.baseUrl, item.data.ticketNumber);
    // The single mail's subject is the line: "[TKT-202611-00042] New reply: Printer".
    const { subject } = renderMail(item.kind, locale, { ...item.data, link, organization });
    const status = statusLabel(locale, item.data.status);
    const quote = item.data.text ?? item.data.excerpt;
    return { subject, link, status, quote: quote ? clipLine(quote) : null };
  });
  const text = [
    copy.lead,
    '',
    ...lines.map(
      (l) =>
        `- ${l.subject}${l.status ? ` (${copy.status}: ${l.status})` : ''}${l.quote ? `\n  "${l.quote}"` : ''}${l.link ? `\n  ${l.link}` : ''}`,
    ),
    `\n--\n${organization}\n${copy.why}`,
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:Arial,sans-serif;color:#222;line-height:1.5">
<p>${escapeHtml(copy.lead)}</p>
<ul>
${lines
  .map(
    (l) =>
      `<li>${l.link ? `<a href="${escapeHtml(l.link)}">${escapeHtml(l.subject)}</a>` : escapeHtml(l.subject)}${l.status ? ` <span style="color:#555">(${escapeHtml(copy.status)}: ${escapeHtml(l.status)})</span>` : ''}${l.quote ? `<br><span style="color:#555">${escapeHtml(l.quote)}</span>` : ''}</li>`,
  )
  .join('\n')}
</ul>
<hr><p style="color:#888;font-size:12px">${escapeHtml(organization)} · ${escapeHtml(copy.why)}</p>
</body></html>`;
  return { subject: copy.subject(items.length), text, html };
}

export interface DigestDeps {
  db: DB;
  clock: Clock;
  mailer: Mailer;
  publicUrl?: string;
  fromAddress?: string;
}

/**
 * The daily digest: e-mails that preferences folded into a digest wait on their notification
 * (`digest_at`). When due, one digest per user and local day is created (a unique key, so
 * several workers create it once), the items are attached to it in the same transaction, and
 * the mail is sent with a lease, retries and backoff like any other delivery.
 */
export function notificationDigests({ db, clock, mailer, publicUrl, fromAddress }: DigestDeps) {
  const settings = settingsService(db);

  async function collect(): Promise<number> {
    const now = clock.now();
    const org = await settings.get();
    return db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('notifications as n')
        .innerJoin('users as u', 'u.id', 'n.user_id')
        .leftJoin('notification_settings as s', 's.user_id', 'n.user_id')
        .select(['n.user_id', 's.time_zone', 's.digest_at'])
        .distinct()
        .where('n.digest_at', '<=', now)
        .where('n.digest_id', 'is', null)
        .where('u.status', '=', true)
        .execute();
      let created = 0;
      for (const user of due) {
        const timeZone = user.time_zone ?? org.timezone;
        const digest = await trx
          .insertInto('notification_digests')
          .values({ user_id: user.user_id, day: localDay(now, timeZone), next_attempt_at: now })
          .onConflict((oc) => oc.columns(['user_id', 'day']).doNothing())
          .returning('id')
          .executeTakeFirst();
        const items = trx
          .updateTable('notifications')
          .where('user_id', '=', user.user_id)
          .where('digest_at', '<=', now)
          .where('digest_id', 'is', null);
        if (digest) {
          await items.set({ digest_id: digest.id }).execute();
          created += 1;
        } else {
          // Today's digest is already out (the user moved the time): these go in tomorrow's.
          await items.set({ digest_at: nextLocalTime(now, user.digest_at ?? 8 * 60, timeZone) }).execute();
        }
      }
      return created;
    });
  }

  async function sendDue(batchSize = 20): Promise<number> {
    const config = await settings.get();
    const now = clock.now();
    const claimed = await db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('notification_digests')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(batchSize)
        .forUpdate()
        .skipLocked()
        .execute();
      if (due.length === 0) return [];
      const ids = due.map((d) => d.id);
      await trx
        .updateTable('notification_digests')
        .set({ next_attempt_at: new Date(now.getTime() + LEASE_MS), attempts: sql<number>`attempts + 1` })
        .where('id', 'in', ids)
        .execute();
      return trx
        .selectFrom('notification_digests as g')
        .innerJoin('users as u', 'u.id', 'g.user_id')
        .select(['g.id', 'g.attempts', 'u.email', 'u.locale', 'u.status'])
        .where('g.id', 'in', ids)
        .execute();
    });
    for (const digest of claimed) {
      const finish = (changes: {
        status: 'sent' | 'failed' | 'pending';
        last_error?: string | null;
        sent_at?: Date;
        next_attempt_at?: Date;
      }) => db.updateTable('notification_digests').set(changes).where('id', '=', digest.id).execute();
      if (!digest.status) {
        await finish({ status: 'failed', last_error: 'recipient deactivated' });
        continue;
      }
      const rows = await db
        .selectFrom('notifications')
        .select(['kind', 'data', 'created_at'])
        .where('digest_id', '=', digest.id)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      const items = rows.map((r): DigestItem => ({
        kind: r.kind as NotificationKind,
        data: r.data as DigestItem['data'],
        createdAt: r.created_at,
      }));
      if (items.length === 0) {
        // Its items went away with their ticket: nothing to tell.
        await finish({ status: 'sent', sent_at: clock.now(), last_error: 'nothing left to send' });
        continue;
      }
      const locale: Locale = digest.locale === 'en' ? 'en' : 'id';
      const mail = renderDigest(locale, items, config.organizationName, publicUrl);
      try {
        await mailer.send({
          to: digest.email,
          from: fromAddress ?? `${config.organizationName} <helpdesk@bantu.local>`,
          ...mail,
          messageId: `<digest-${digest.id}@bantu>`,
        });
        await finish({ status: 'sent', sent_at: clock.now(), last_error: null });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await finish(
          digest.attempts >= MAX_ATTEMPTS
            ? { status: 'failed', last_error: message.slice(0, 1000) }
            : {
                status: 'pending',
                last_error: message.slice(0, 1000),
                next_attempt_at: new Date(clock.now().getTime() + backoffMs(digest.attempts)),
              },
        );
      }
    }
    return claimed.length;
  }

  return {
    collect,
    sendDue,
    /** The scheduled job's work: create the due digests, then send what is due. */
    async run() {
      const created = await collect();
      let sent = 0;
      for (let n = await sendDue(); n > 0; n = await sendDue()) sent += n;
      return { created, sent };
    },
  };
}
export type NotificationDigests = ReturnType<typeof notificationDigests>;
