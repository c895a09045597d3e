import type { Locale, NotificationKind } from '@bantu/contracts';
import type { DB } from '@/db/database';
import type { Clock } from '@/infra/infra.plugin';
import type { Mailer } from '@/infra/mail/mailer';
import { ticketLink } from '@/lib/request-origin';
import type { SettingsService } from '@/modules/settings/settings.service';
import { DeliveryError, type Attempt, type DeliveryOutcome } from './notifications.delivery';
import { enqueueDigest } from './notifications.queue';
import {
  countDigestAttempt,
  digestItems,
  failPendingDigest,
  findPendingDigest,
  insertDigest,
  placeDueDigestItems,
  updateDigest,
  usersWithDueDigestItems,
} from './notifications.repository';
import { localDay, nextLocalTime } from './notifications.schedule';
import { escapeHtml, renderMail, statusLabel, type TemplateData } from './notifications.templates';

const clip = (message: string, max = 1000) => message.slice(0, max);

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
  settings: SettingsService;
  publicUrl?: string;
  fromAddress?: string;
}

/**
 * The daily digest: e-mails that preferences folded into a digest wait on their notification
 * (`digest_at`). When due, `collect` creates one digest per user and local day (a unique key,
 * so several workers create it once), attaches the items and queues the digest's job in the
 * same transaction. The job (`send`) is a delivery like any other: the same retries, dead
 * letter (`gaveUp`), failed-delivery list and admin retry.
 */
export function digestSender({ db, clock, mailer, settings, publicUrl, fromAddress }: DigestDeps) {
  async function failed(id: string, attempt: Attempt, error: unknown): Promise<never> {
    const message = error instanceof Error ? error.message : String(error);
    await updateDigest(
      db,
      id,
      attempt.last
        ? { status: 'failed', last_error: clip(message) }
        : {
            last_error: clip(message),
            next_attempt_at: new Date(clock.now().getTime() + attempt.retryInSeconds * 1000),
          },
    );
    throw new DeliveryError(message);
  }

  return {
    /** Creates the due digests and queues their jobs; answers the digests created. */
    async collect(): Promise<{ id: string }[]> {
      const now = clock.now();
      const org = await settings.get();
      return db.transaction().execute(async (trx) => {
        const created: { id: string }[] = [];
        for (const user of await usersWithDueDigestItems(trx, now)) {
          const timeZone = user.time_zone ?? org.timezone;
          const digest = await insertDigest(trx, user.user_id, localDay(now, timeZone), now);
          if (digest) {
            await placeDueDigestItems(trx, user.user_id, now, { digestId: digest.id });
            await enqueueDigest(trx, digest, clock);
            created.push({ id: digest.id });
          } else {
            // Today's digest is already out (the user moved the time): these go in tomorrow's.
            const later = nextLocalTime(now, user.digest_at ?? 8 * 60, timeZone);
            await placeDueDigestItems(trx, user.user_id, now, { later });
          }
        }
        return created;
      });
    },

    /** One try of one digest (its job); throws DeliveryError when it failed (the queue retries it). */
    async send(digestId: string, attempt: Attempt): Promise<DeliveryOutcome> {
      const digest = await findPendingDigest(db, digestId);
      if (!digest) return 'skipped';
      if (!digest.status) {
        await updateDigest(db, digest.id, { status: 'failed', last_error: 'recipient deactivated' });
        return 'recipient deactivated';
      }
      const rows = await digestItems(db, digest.id);
      if (rows.length === 0) {
        // Its items went away with their ticket: nothing to tell.
        await updateDigest(db, digest.id, { status: 'sent', sent_at: clock.now(), last_error: 'nothing left to send' });
        return 'sent';
      }
      await countDigestAttempt(db, digest.id);
      const items = rows.map((r): DigestItem => ({
        kind: r.kind as NotificationKind,
        data: r.data as DigestItem['data'],
        createdAt: r.created_at,
      }));
      const config = await settings.get();
      const locale: Locale = digest.locale === 'en' ? 'en' : 'id';
      const mail = renderDigest(locale, items, config.organizationName, publicUrl);
      try {
        await mailer.send({
          to: digest.email,
          from: fromAddress ?? `${config.organizationName} <helpdesk@bantu.local>`,
          ...mail,
          messageId: `<digest-${digest.id}@bantu>`,
        });
      } catch (error) {
        return failed(digest.id, attempt, error);
      }
      await updateDigest(db, digest.id, { status: 'sent', sent_at: clock.now(), last_error: null });
      return 'sent';
    },

    /** The queue gave up on a digest's job: still pending, it becomes failed for an admin to retry. */
    gaveUp(digestId: string, queue: string, error: string): Promise<boolean> {
      return failPendingDigest(db, digestId, queue, clip(error));
    },
  };
}
export type DigestSender = ReturnType<typeof digestSender>;
