import type { Transporter } from 'nodemailer';
import type { DB } from '@/db/database';

export interface MailMessage {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** Threading: every mail of one ticket refers to the same root id. */
  references?: string;
  deliveryId?: string;
  /** Files streamed from disk by the SMTP client (scheduled reports); the capture mailer keeps only their names. */
  attachments?: { filename: string; path: string; contentType: string }[];
  /** Answers (e-mail intake): the message replied to, and extra headers (Auto-Submitted). */
  inReplyTo?: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  readonly kind: 'smtp' | 'capture';
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** Real delivery over SMTP (`smtp://user:pass@host:587`, `smtps://…` for implicit TLS). */
export function smtpMailer(url: string): Mailer {
  // nodemailer is loaded with the first mail, not at every start. Bounded waits (its socket
  // timeout is 10 min by default): a send ends well within its delivery job's 5-minute lease,
  // after which the job would be retried elsewhere.
  let transport: Promise<Transporter> | null = null;
  const transportOf = () =>
    (transport ??= import('nodemailer').then(({ default: nodemailer }) =>
      nodemailer.createTransport({ url, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 }),
    ));
  return {
    kind: 'smtp',
    async send(m) {
      await (
        await transportOf()
      ).sendMail({
        to: m.to,
        from: m.from,
        subject: m.subject,
        text: m.text,
        html: m.html,
        messageId: m.messageId,
        references: m.references,
        inReplyTo: m.inReplyTo ?? m.references,
        attachments: m.attachments,
        ...(m.headers ? { headers: m.headers } : {}),
      });
    },
    close: () => void transport?.then((t) => t.close()),
  };
}

/** The embedded shape without SMTP: mails are kept in the database for admins to read. */
export function captureMailer(db: DB): Mailer {
  return {
    kind: 'capture',
    async send(m) {
      await db
        .insertInto('captured_mails')
        .values({
          delivery_id: m.deliveryId ?? null,
          message_id: m.messageId,
          to_address: m.to,
          subject: m.subject,
          text_body: m.text,
          html_body: m.html,
        })
        .execute();
    },
    close: () => undefined,
  };
}
