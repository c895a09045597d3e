import type { Locale, NotificationKind } from '@bantu/contracts';

export interface TemplateData {
  ticketNumber: string | null;
  title: string;
  actorName: string | null;
  from: string | null;
  to: string | null;
  excerpt: string | null;
  link: string | null;
  organization: string;
}

type Copy = { subject: string; lead: string };
type Texts = Record<NotificationKind, (d: TemplateData) => Copy>;

const STATUS: Record<Locale, Record<string, string>> = {
  id: { OPEN: 'Terbuka', IN_PROGRESS: 'Dikerjakan', ON_HOLD: 'Ditunda', RESOLVED: 'Selesai', CLOSED: 'Ditutup' },
  en: { OPEN: 'Open', IN_PROGRESS: 'In progress', ON_HOLD: 'On hold', RESOLVED: 'Resolved', CLOSED: 'Closed' },
};

const TEXTS: Record<Locale, Texts> = {
  id: {
    ticket_created: (d) => ({
      subject: `Tiket baru: ${d.title}`,
      lead: `${d.actorName ?? 'Seseorang'} membuat tiket baru.`,
    }),
    ticket_assigned: (d) => ({
      subject: `Tiket ditangani oleh ${d.to ?? '-'}`,
      lead: `Tiket Anda sekarang ditangani oleh ${d.to ?? '-'}.`,
    }),
    status_changed: (d) => ({
      subject: `Status: ${STATUS.id[d.to ?? ''] ?? d.to}`,
      lead: `${d.actorName ?? 'Sistem'} mengubah status dari ${STATUS.id[d.from ?? ''] ?? d.from} menjadi ${STATUS.id[d.to ?? ''] ?? d.to}.`,
    }),
    comment_added: (d) => ({ subject: `Balasan baru: ${d.title}`, lead: `${d.actorName ?? 'Seseorang'} membalas:` }),
    internal_note: (d) => ({
      subject: `Catatan internal: ${d.title}`,
      lead: `${d.actorName ?? 'Seseorang'} menulis catatan internal:`,
    }),
    sla_at_risk: (d) => ({
      subject: `SLA hampir terlewati: ${d.title}`,
      lead: 'Batas waktu SLA tiket ini segera tiba.',
    }),
    sla_breached: (d) => ({ subject: `SLA terlewati: ${d.title}`, lead: 'Batas waktu SLA tiket ini sudah terlewati.' }),
    sla_escalated: (d) => ({
      subject: `Eskalasi SLA: ${d.title}`,
      lead: 'Tiket ini melewati SLA dan dieskalasi ke manajer.',
    }),
    compliance_alert: (d) => ({
      subject: 'Kepatuhan SLA di bawah target',
      lead: `Persentase kepatuhan SLA turun di bawah ambang batas: ${d.title}.`,
    }),
  },
  en: {
    ticket_created: (d) => ({
      subject: `New ticket: ${d.title}`,
      lead: `${d.actorName ?? 'Someone'} opened a new ticket.`,
    }),
    ticket_assigned: (d) => ({
      subject: `Ticket assigned to ${d.to ?? '-'}`,
      lead: `Your ticket is now handled by ${d.to ?? '-'}.`,
    }),
    status_changed: (d) => ({
      subject: `Status: ${STATUS.en[d.to ?? ''] ?? d.to}`,
      lead: `${d.actorName ?? 'The system'} changed the status from ${STATUS.en[d.from ?? ''] ?? d.from} to ${STATUS.en[d.to ?? ''] ?? d.to}.`,
    }),
    comment_added: (d) => ({ subject: `New reply: ${d.title}`, lead: `${d.actorName ?? 'Someone'} replied:` }),
    internal_note: (d) => ({
      subject: `Internal note: ${d.title}`,
      lead: `${d.actorName ?? 'Someone'} wrote an internal note:`,
    }),
    sla_at_risk: (d) => ({ subject: `SLA at risk: ${d.title}`, lead: "This ticket's SLA deadline is close." }),
    sla_breached: (d) => ({ subject: `SLA breached: ${d.title}`, lead: "This ticket's SLA deadline has passed." }),
    sla_escalated: (d) => ({
      subject: `SLA escalation: ${d.title}`,
      lead: 'This ticket breached its SLA and was escalated to managers.',
    }),
    compliance_alert: (d) => ({
      subject: 'SLA compliance below target',
      lead: `SLA compliance fell below the threshold: ${d.title}.`,
    }),
  },
};

const FOOTER: Record<Locale, { open: string; why: string }> = {
  id: { open: 'Buka tiket', why: 'Anda menerima e-mail ini karena terlibat dalam tiket ini.' },
  en: { open: 'Open the ticket', why: 'You receive this e-mail because you take part in this ticket.' },
};

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Subject (with the ticket number, so mail clients and people can find it), text and HTML. */
export function renderMail(kind: NotificationKind, locale: Locale, d: TemplateData) {
  const copy = TEXTS[locale][kind](d);
  const footer = FOOTER[locale];
  const subject = d.ticketNumber ? `[${d.ticketNumber}] ${copy.subject}` : copy.subject;
  const text = [
    copy.lead,
    d.excerpt ? `\n${d.excerpt}\n` : '',
    d.ticketNumber ? `${d.ticketNumber}: ${d.title}` : '',
    d.link ? `${footer.open}: ${d.link}` : '',
    `\n--\n${d.organization}\n${footer.why}`,
  ]
    .filter(Boolean)
    .join('\n');
  // Every interpolated value is escaped: titles and comments are user input.
  const html = `<!doctype html><html><body style="font-family:Arial,sans-serif;color:#222;line-height:1.5">
<p>${escapeHtml(copy.lead)}</p>
${d.excerpt ? `<blockquote style="border-left:3px solid #ccc;margin:0;padding:4px 12px;white-space:pre-wrap">${escapeHtml(d.excerpt)}</blockquote>` : ''}
${d.ticketNumber ? `<p><strong>${escapeHtml(d.ticketNumber)}</strong>: ${escapeHtml(d.title)}</p>` : ''}
${d.link ? `<p><a href="${escapeHtml(d.link)}" style="background:#1c7ed6;color:#fff;padding:8px 14px;border-radius:4px;text-decoration:none">${escapeHtml(footer.open)}</a></p>` : ''}
<hr><p style="color:#888;font-size:12px">${escapeHtml(d.organization)} · ${escapeHtml(footer.why)}</p>
</body></html>`;
  return { subject, text, html };
}
