import type { Locale } from '@bantu/contracts';
import { escapeHtml } from '@/modules/notifications/notifications.templates';

export type AccountMailKind = 'reset' | 'invite';

const TEXTS: Record<
  Locale,
  Record<AccountMailKind, { subject: string; intro: string; action: string; expiry: string; ignore: string }>
> = {
  id: {
    reset: {
      subject: 'Atur ulang kata sandi {org}',
      intro: 'Halo {name}, kami menerima permintaan untuk mengatur ulang kata sandi akun {org} Anda.',
      action: 'Atur kata sandi baru',
      expiry: 'Tautan ini berlaku 30 menit dan hanya dapat dipakai sekali.',
      ignore: 'Jika Anda tidak memintanya, abaikan e-mail ini; kata sandi Anda tidak berubah.',
    },
    invite: {
      subject: 'Undangan ke helpdesk {org}',
      intro: 'Halo {name}, Anda diundang ke helpdesk TI {org}. Buat kata sandi Anda untuk mulai.',
      action: 'Buat kata sandi',
      expiry: 'Tautan ini berlaku 7 hari dan hanya dapat dipakai sekali.',
      ignore: 'Jika Anda tidak mengharapkan undangan ini, abaikan e-mail ini.',
    },
  },
  en: {
    reset: {
      subject: 'Reset your {org} password',
      intro: 'Hello {name}, we received a request to reset the password of your {org} account.',
      action: 'Choose a new password',
      expiry: 'This link works for 30 minutes, once.',
      ignore: 'If you did not ask for this, ignore this e-mail; your password has not changed.',
    },
    invite: {
      subject: 'Your invitation to the {org} helpdesk',
      intro: 'Hello {name}, you have been invited to the {org} IT helpdesk. Choose your password to start.',
      action: 'Choose a password',
      expiry: 'This link works for 7 days, once.',
      ignore: 'If you did not expect this invitation, ignore this e-mail.',
    },
  },
};

/** The reset or invitation mail in the user's language: text and HTML (every value escaped). */
export function renderAccountMail(
  kind: AccountMailKind,
  locale: Locale,
  d: { name: string; organization: string; link: string },
) {
  const t = TEXTS[locale][kind];
  const fill = (s: string, html: boolean) =>
    s
      .replace('{org}', html ? escapeHtml(d.organization) : d.organization)
      .replace('{name}', html ? escapeHtml(d.name) : d.name);
  const text = [fill(t.intro, false), '', `${t.action}: ${d.link}`, '', t.expiry, t.ignore].join('\n');
  const html =
    `<p>${fill(t.intro, true)}</p>` +
    `<p><a href="${escapeHtml(d.link)}">${escapeHtml(t.action)}</a></p>` +
    `<p>${escapeHtml(t.expiry)}<br>${escapeHtml(t.ignore)}</p>`;
  return { subject: fill(t.subject, false), text, html };
}
