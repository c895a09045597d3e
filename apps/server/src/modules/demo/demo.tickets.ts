import { randomUUID } from 'node:crypto';
import type { TicketStatus } from '@bantu/contracts';
import type { Insertable, Updateable, Transaction } from 'kysely';
import type { OutboxEventsTable, SlaClockEventsTable, TicketCommentsTable, TicketsTable, Database } from '@/db/types';
import { addBusinessMinutes, businessMinutesBetween, type BusinessCalendar } from '@/modules/sla/business-calendar';
import { calendarFor, deriveClock, type ClockLogEntry } from '@/modules/sla/sla.clock';
import {
  applyClockIntents,
  planLevels,
  storedColumns,
  type ClockIntent,
  type SlaContext,
} from '@/modules/sla/sla.engine';
import * as slaRepo from '@/modules/sla/sla.repository';
import { formatTicketNumber, ticketPeriod } from '@/modules/tickets/tickets.numbering';
import * as ticketsRepo from '@/modules/tickets/tickets.repository';

/**
 * A few weeks of a helpdesk's life for the demo organisation, written as the services and the
 * SLA monitor would have written it at the time: each change at its own moment through the
 * real clock engine (`applyClockIntents`, what `recordClock` appends), the escalation levels
 * fired when they fell due (as `recordFirings` writes them), history events, comments and outbox events (already handled: nobody is
 * notified about the past). Deterministic for a given "now" (seeded random), one transaction.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** mulberry32: small, fast, good enough for demo data. */
function seededRandom(seed: number) {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type DemoPriority = 'Kritis' | 'Tinggi' | 'Sedang' | 'Rendah';

interface Template {
  category: string;
  title: string;
  description: string;
  reply: string;
  note: string;
  resolution: string;
}

/** What people actually write to an IT helpdesk, by category. */
const TEMPLATES: Template[] = [
  {
    category: 'Perangkat Keras',
    title: 'Laptop tidak mau menyala setelah update BIOS',
    description: 'Tadi pagi ada update BIOS otomatis, setelah restart laptop mati total. Lampu charger menyala.',
    reply: 'Baik, mohon laptop dibawa ke ruang IT lantai 2 ya, kami cek langsung.',
    note: 'Kemungkinan BIOS korup. Siapkan flashdisk recovery Dell.',
    resolution: 'BIOS dipulihkan lewat mode recovery, laptop normal kembali.',
  },
  {
    category: 'Perangkat Keras',
    title: 'Monitor kedua berkedip-kedip',
    description: 'Monitor eksternal di meja saya berkedip setiap beberapa menit, kadang hitam sama sekali.',
    reply: 'Sudah kami terima. Apakah kabelnya HDMI atau DisplayPort?',
    note: 'Kabel HDMI sudah getas, ganti dengan stok baru di lemari B.',
    resolution: 'Kabel HDMI diganti, monitor stabil.',
  },
  {
    category: 'Perangkat Keras',
    title: 'Beberapa tombol keyboard laptop tidak berfungsi',
    description: 'Tombol E, R dan T tidak bisa ditekan sejak kemarin sore. Sudah coba restart.',
    reply: 'Untuk sementara kami pinjamkan keyboard USB, unit laptop kami cek.',
    note: 'Garansi masih aktif sampai Juni, ajukan klaim ke vendor.',
    resolution: 'Keyboard laptop diganti lewat klaim garansi.',
  },
  {
    category: 'Perangkat Keras',
    title: 'Baterai laptop cepat habis',
    description: 'Baterai penuh hanya bertahan sekitar 40 menit. Padahal laptop baru setahun.',
    reply: 'Kami cek kesehatan baterainya dulu ya.',
    note: 'Battery report: kapasitas tinggal 38%. Perlu penggantian.',
    resolution: 'Baterai diganti unit baru, kapasitas 100%.',
  },
  {
    category: 'Perangkat Lunak',
    title: 'Aplikasi akuntansi error saat membuka laporan bulanan',
    description:
      'Muncul pesan "Runtime error 429" setiap membuka laporan laba rugi bulan ini. Laporan harus dikirim sore ini.',
    reply: 'Kami remote ke PC Bapak/Ibu sekarang, mohon jangan dimatikan.',
    note: 'Komponen ActiveX rusak setelah update Office. Re-register DLL.',
    resolution: 'Komponen aplikasi didaftarkan ulang, laporan bisa dibuka.',
  },
  {
    category: 'Perangkat Lunak',
    title: 'Microsoft Excel sering not responding',
    description: 'Setiap membuka file rekap penjualan (sekitar 30 MB) Excel macet lebih dari 5 menit.',
    reply: 'Boleh kirim contoh filenya lewat folder bersama? Kami coba di PC lain.',
    note: 'Add-in lama masih aktif, nonaktifkan dan perbarui ke Office 64-bit.',
    resolution: 'Office diperbarui ke 64-bit dan add-in lama dinonaktifkan.',
  },
  {
    category: 'Perangkat Lunak',
    title: 'Minta instalasi Adobe Acrobat untuk tanda tangan digital',
    description: 'Saya perlu menandatangani kontrak vendor secara digital minggu ini.',
    reply: 'Lisensi tersedia, kami jadwalkan instalasi hari ini.',
    note: 'Lisensi ke-18 dari 20 terpakai.',
    resolution: 'Adobe Acrobat terpasang dan sertifikat tanda tangan dikonfigurasi.',
  },
  {
    category: 'Jaringan',
    title: 'Wi-Fi lantai 3 sering putus',
    description: 'Sejak Senin koneksi Wi-Fi di area timur lantai 3 putus-sambung, rapat daring jadi terganggu.',
    reply: 'Terima kasih, tim jaringan sedang mengecek access point di area tersebut.',
    note: 'AP-3E overheat, log menunjukkan reboot tiap 20 menit.',
    resolution: 'Access point AP-3E diganti, sinyal stabil.',
  },
  {
    category: 'Jaringan',
    title: 'VPN tidak bisa terhubung dari rumah',
    description: 'Saat WFH aplikasi VPN berhenti di "Authenticating..." lalu gagal.',
    reply: 'Mohon coba sekali lagi dan kirim tangkapan layar pesan errornya.',
    note: 'Sertifikat klien kedaluwarsa, terbitkan ulang.',
    resolution: 'Sertifikat VPN diperbarui, koneksi berhasil.',
  },
  {
    category: 'Jaringan',
    title: 'Internet kantor cabang Surabaya lambat sekali',
    description: 'Kecepatan internet di cabang hanya sekitar 1 Mbps sejak kemarin, transaksi kasir tertunda.',
    reply: 'Kami sudah menghubungi ISP dan membuka tiket gangguan.',
    note: 'ISP konfirmasi gangguan kabel FO di jalur Rungkut.',
    resolution: 'ISP memperbaiki kabel, kecepatan kembali 100 Mbps.',
  },
  {
    category: 'Jaringan',
    title: 'Tidak bisa akses folder bersama di server file',
    description: 'Drive S: (Keuangan) muncul "Access denied" padahal kemarin masih bisa.',
    reply: 'Kami cek hak akses akun Bapak/Ibu di server file.',
    note: 'Grup AD FIN-RW terhapus dari ACL saat migrasi.',
    resolution: 'Hak akses grup dipulihkan, folder bisa dibuka.',
  },
  {
    category: 'Email',
    title: 'Email ke klien tertahan di Outbox',
    description: 'Email dengan lampiran penawaran harga tidak terkirim, tetap di Outbox sejak pagi.',
    reply: 'Berapa ukuran lampirannya? Batas kirim kita 20 MB.',
    note: 'Lampiran 34 MB. Sarankan pakai tautan OneDrive.',
    resolution: 'Lampiran dikirim lewat tautan berbagi, email terkirim.',
  },
  {
    category: 'Email',
    title: 'Kotak masuk penuh, minta tambah kuota',
    description: 'Muncul peringatan mailbox hampir penuh (49,5 GB dari 50 GB).',
    reply: 'Kami aktifkan arsip online untuk akun Anda.',
    note: 'Aktifkan archive mailbox, kebijakan retensi 2 tahun.',
    resolution: 'Arsip online aktif, kotak masuk tinggal 12 GB.',
  },
  {
    category: 'Email',
    title: 'Menerima email phishing mengatasnamakan bank',
    description: 'Ada email meminta verifikasi rekening perusahaan dengan tautan mencurigakan. Belum saya klik.',
    reply: 'Terima kasih sudah melapor! Jangan klik tautannya, kami blokir pengirimnya.',
    note: 'Domain pengirim diblokir, cek apakah ada user lain yang menerima.',
    resolution: 'Pengirim diblokir dan email dihapus dari semua kotak masuk.',
  },
  {
    category: 'Akun & Akses',
    title: 'Akun terkunci setelah salah password',
    description: 'Akun Windows saya terkunci setelah tiga kali salah ketik password.',
    reply: 'Akun sudah kami buka, silakan coba login lagi.',
    note: 'Lockout dari perangkat lama yang masih menyimpan password lama.',
    resolution: 'Akun dibuka dan password tersimpan di HP lama dihapus.',
  },
  {
    category: 'Akun & Akses',
    title: 'Minta akses ke aplikasi ERP modul gudang',
    description: 'Saya pindah ke tim logistik dan perlu akses modul gudang di ERP.',
    reply: 'Permintaan akses perlu persetujuan atasan, sudah kami teruskan.',
    note: 'Menunggu approval dari kepala divisi Logistik.',
    resolution: 'Akses modul gudang diberikan setelah disetujui atasan.',
  },
  {
    category: 'Akun & Akses',
    title: 'Karyawan baru butuh akun dan email',
    description: 'Ada dua karyawan baru di tim kami mulai Senin depan, mohon dibuatkan akun dan email.',
    reply: 'Mohon lampirkan formulir karyawan baru dari SDM ya.',
    note: 'Buat akun AD, email dan lisensi Office untuk dua orang.',
    resolution: 'Akun, email dan lisensi untuk dua karyawan baru sudah aktif.',
  },
  {
    category: 'Printer',
    title: 'Printer lantai 2 sering paper jam',
    description: 'Printer di dekat pantry lantai 2 macet hampir setiap mencetak lebih dari 10 lembar.',
    reply: 'Kami cek ke lokasi setelah jam makan siang.',
    note: 'Roller penarik kertas aus, pesan suku cadang.',
    resolution: 'Roller penarik kertas diganti, printer normal.',
  },
  {
    category: 'Printer',
    title: 'Hasil cetak bergaris',
    description: 'Semua hasil cetak dari printer warna ada garis hitam vertikal di tengah halaman.',
    reply: 'Sudah dicoba cetak halaman uji dari panel printer?',
    note: 'Drum unit tergores, ganti drum.',
    resolution: 'Drum unit diganti, hasil cetak bersih.',
  },
  {
    category: 'Printer',
    title: 'Tidak bisa scan ke email',
    description: 'Fitur scan to email di mesin fotokopi gagal dengan pesan "SMTP error".',
    reply: 'Kami periksa konfigurasi server email di mesinnya.',
    note: 'Password akun relay scanner kedaluwarsa.',
    resolution: 'Akun relay diperbarui, scan ke email berhasil.',
  },
  {
    category: 'Lainnya',
    title: 'Proyektor ruang rapat Melati tidak menampilkan gambar',
    description: 'Proyektor menyala tapi layar tetap "No signal" walau laptop sudah tersambung.',
    reply: 'Kami kirim teknisi ke ruang Melati sekarang.',
    note: 'Adaptor HDMI ke USB-C di ruang rapat hilang.',
    resolution: 'Adaptor baru dipasang permanen di meja rapat.',
  },
  {
    category: 'Lainnya',
    title: 'Minta pendampingan setup Zoom untuk town hall',
    description: 'Town hall hari Jumat diikuti 300 peserta, mohon pendampingan teknis dari tim IT.',
    reply: 'Siap, kami siapkan satu teknisi dan akun Zoom Webinar.',
    note: 'Pastikan lisensi webinar 500 peserta aktif.',
    resolution: 'Town hall berjalan lancar dengan pendampingan IT.',
  },
  {
    category: 'Lainnya',
    title: 'Telepon IP di meja tidak ada nada sambung',
    description: 'Telepon ekstensi 2145 tidak ada nada sambung sejak pindah meja.',
    reply: 'Kami cek port jaringan di meja baru.',
    note: 'Port belum dipatch ke switch VoIP.',
    resolution: 'Port dipatch ke VLAN suara, telepon berfungsi.',
  },
];

const REQUESTER_REPLIES = [
  'Baik, terima kasih. Saya tunggu kabarnya.',
  'Siap, saya standby di meja.',
  'Terima kasih atas responnya yang cepat.',
  'Ada perkembangan? Pekerjaan saya agak tertahan.',
];
const FEEDBACK: Record<number, string[]> = {
  5: ['Cepat dan ramah, terima kasih banyak!', 'Mantap, penjelasannya jelas sekali.', 'Langsung beres, top!'],
  4: ['Masalah selesai, terima kasih.', 'Bagus, hanya agak lama menunggu teknisi datang.'],
  3: ['Selesai, tapi butuh waktu cukup lama.'],
  2: ['Harus menunggu berhari-hari baru ditangani.'],
};
const HOLD_REASONS = [
  'Menunggu suku cadang dari vendor (perkiraan 3 hari kerja).',
  'Menunggu persetujuan atasan untuk pembelian lisensi.',
  'Menunggu konfirmasi dari ISP.',
];

/** How a demo ticket's life goes. `used`: share of its SLA target used (at resolution, or now). */
type Fate =
  | {
      status: 'CLOSED';
      priority: DemoPriority;
      daysAgo: number;
      used: number;
      how: 'accept' | 'auto' | 'withdraw' | 'close';
      rating?: number;
      reject?: boolean;
      hold?: boolean;
      internal?: boolean;
    }
  | { status: 'RESOLVED'; priority: DemoPriority; hoursAgo: number; used: number; reject?: boolean }
  | { status: 'IN_PROGRESS' | 'OPEN'; priority: DemoPriority; used: number; internal?: boolean }
  | { status: 'ON_HOLD'; priority: DemoPriority; used: number; hoursAgo: number };

/**
 * 46 tickets: every status, ratings on most closed ones, a few resolved late; among the
 * active ones some on track, some at risk (>= 80 % used) and some breached, in every priority.
 */
const FATES: Fate[] = [
  { status: 'CLOSED', priority: 'Sedang', daysAgo: 27, used: 0.35, how: 'accept', rating: 5 },
  { status: 'CLOSED', priority: 'Tinggi', daysAgo: 26, used: 0.6, how: 'accept', rating: 4, internal: true },
  { status: 'CLOSED', priority: 'Rendah', daysAgo: 25, used: 0.4, how: 'auto' },
  { status: 'CLOSED', priority: 'Kritis', daysAgo: 24, used: 0.7, how: 'accept', rating: 5, internal: true },
  { status: 'CLOSED', priority: 'Sedang', daysAgo: 23, used: 1.4, how: 'accept', rating: 2 },
  { status: 'CLOSED', priority: 'Sedang', daysAgo: 22, used: 0.2, how: 'withdraw' },
  { status: 'CLOSED', priority: 'Tinggi', daysAgo: 20, used: 0.5, how: 'accept', rating: 5, reject: true },
  { status: 'CLOSED', priority: 'Rendah', daysAgo: 19, used: 0.55, how: 'accept', rating: 4, hold: true },
  { status: 'CLOSED', priority: 'Sedang', daysAgo: 18, used: 0.3, how: 'close' },
  { status: 'CLOSED', priority: 'Tinggi', daysAgo: 17, used: 1.25, how: 'accept', rating: 3, internal: true },
  { status: 'CLOSED', priority: 'Sedang', daysAgo: 15, used: 0.45, how: 'accept', rating: 5 },
  { status: 'CLOSED', priority: 'Kritis', daysAgo: 14, used: 0.5, how: 'accept', rating: 4 },
  { status: 'CLOSED', priority: 'Sedang', daysAgo: 13, used: 0.65, how: 'auto' },
  { status: 'CLOSED', priority: 'Rendah', daysAgo: 12, used: 0.3, how: 'accept', rating: 5 },
  { status: 'CLOSED', priority: 'Tinggi', daysAgo: 11, used: 0.8, how: 'accept', rating: 4, hold: true },
  { status: 'CLOSED', priority: 'Sedang', daysAgo: 10, used: 0.15, how: 'withdraw' },
  { status: 'CLOSED', priority: 'Sedang', daysAgo: 9, used: 0.5, how: 'accept', rating: 5, internal: true },
  { status: 'CLOSED', priority: 'Tinggi', daysAgo: 8, used: 0.4, how: 'accept' },
  { status: 'RESOLVED', priority: 'Sedang', hoursAgo: 40, used: 0.6 },
  { status: 'RESOLVED', priority: 'Tinggi', hoursAgo: 30, used: 0.9, reject: true },
  { status: 'RESOLVED', priority: 'Rendah', hoursAgo: 26, used: 0.3 },
  { status: 'RESOLVED', priority: 'Kritis', hoursAgo: 20, used: 0.6 },
  { status: 'RESOLVED', priority: 'Sedang', hoursAgo: 6, used: 1.2 },
  { status: 'RESOLVED', priority: 'Tinggi', hoursAgo: 3, used: 0.45 },
  { status: 'ON_HOLD', priority: 'Sedang', used: 0.4, hoursAgo: 30 },
  { status: 'ON_HOLD', priority: 'Rendah', used: 0.25, hoursAgo: 50 },
  { status: 'ON_HOLD', priority: 'Tinggi', used: 0.55, hoursAgo: 5 },
  { status: 'ON_HOLD', priority: 'Sedang', used: 0.7, hoursAgo: 20 },
  { status: 'IN_PROGRESS', priority: 'Sedang', used: 0.3, internal: true },
  { status: 'IN_PROGRESS', priority: 'Rendah', used: 0.2 },
  { status: 'IN_PROGRESS', priority: 'Tinggi', used: 0.5 },
  { status: 'IN_PROGRESS', priority: 'Kritis', used: 0.4, internal: true },
  { status: 'IN_PROGRESS', priority: 'Sedang', used: 0.85, internal: true },
  { status: 'IN_PROGRESS', priority: 'Tinggi', used: 0.9 },
  { status: 'IN_PROGRESS', priority: 'Kritis', used: 0.88 },
  { status: 'IN_PROGRESS', priority: 'Tinggi', used: 1.6, internal: true },
  { status: 'IN_PROGRESS', priority: 'Sedang', used: 1.3 },
  { status: 'IN_PROGRESS', priority: 'Rendah', used: 0.6 },
  { status: 'OPEN', priority: 'Sedang', used: 0.02 },
  { status: 'OPEN', priority: 'Rendah', used: 0.05 },
  { status: 'OPEN', priority: 'Tinggi', used: 0.1 },
  { status: 'OPEN', priority: 'Sedang', used: 0.15 },
  { status: 'OPEN', priority: 'Kritis', used: 0.84 },
  { status: 'OPEN', priority: 'Tinggi', used: 1.5 },
  { status: 'OPEN', priority: 'Rendah', used: 0.4 },
  { status: 'OPEN', priority: 'Sedang', used: 0.08 },
];

export interface DemoPeople {
  requesters: { id: string; name: string }[];
  staff: { id: string; name: string }[];
  /** Assigns tickets to staff now and then (the manager's queue triage). */
  dispatcher: { id: string; name: string };
}

type Actor = { id: string; name: string };
type Step =
  | { kind: 'create'; at: Date; actor: Actor }
  | { kind: 'take'; at: Date; actor: Actor }
  | { kind: 'assign'; at: Date; actor: Actor; to: Actor }
  | { kind: 'comment'; at: Date; actor: Actor; text: string; internal: boolean }
  | { kind: 'hold' | 'resolve' | 'reject' | 'close'; at: Date; actor: Actor; text: string }
  | { kind: 'resume'; at: Date; actor: Actor }
  | { kind: 'accept'; at: Date; actor: Actor; rating: number | null; feedback: string | null }
  | { kind: 'withdraw'; at: Date; actor: Actor; text: string }
  | { kind: 'auto_close'; at: Date };

interface Plan {
  template: Template;
  priority: DemoPriority;
  requester: Actor;
  steps: Step[];
}

/** The latest instant from which `minutes` of the calendar's time run until `to`. */
function minutesBefore(to: Date, minutes: number, cal: BusinessCalendar): Date {
  if (cal.alwaysOpen) return new Date(to.getTime() - minutes * MINUTE);
  let lo = to.getTime() - 120 * DAY;
  let hi = to.getTime();
  while (hi - lo > MINUTE) {
    const mid = Math.floor((lo + hi) / 2);
    if (businessMinutesBetween(new Date(mid), to, cal) >= minutes) lo = mid;
    else hi = mid;
  }
  return new Date(Math.floor(lo / MINUTE) * MINUTE);
}

function planTickets(
  now: Date,
  people: DemoPeople,
  calendar: BusinessCalendar,
  targets: Map<DemoPriority, { minutes: number; cal: BusinessCalendar }>,
  autoCloseDays: number,
): Plan[] {
  const random = seededRandom(20261203);
  const between = (a: number, b: number) => a + Math.floor(random() * (b - a + 1));
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)]!;
  /** Office work: `minutes` of the organisation's working time after `from`. */
  const work = (from: Date, minutes: number) => addBusinessMinutes(from, minutes, calendar);
  const plans: Plan[] = [];

  FATES.forEach((fate, index) => {
    const template = TEMPLATES[(index * 7) % TEMPLATES.length]!;
    const requester = people.requesters[index % people.requesters.length]!;
    const staff = pick(people.staff);
    const { minutes: target, cal: ruleCal } = targets.get(fate.priority)!;
    /** Staff time on this ticket: the rule's own clock (24x7 for Kritis). */
    const sla = (from: Date, minutes: number) => addBusinessMinutes(from, minutes, ruleCal);
    const steps: Step[] = [];
    const firstName = requester.name.split(' ')[0]!;
    const greet = `Halo ${firstName}, ${template.reply.charAt(0).toLowerCase()}${template.reply.slice(1)}`;
    // A manager assigns some tickets; staff take the others themselves.
    const startWork = (at: Date) => {
      steps.push(
        index % 4 === 0
          ? { kind: 'assign', at, actor: people.dispatcher, to: staff }
          : { kind: 'take', at, actor: staff },
      );
    };
    /** Work from creation: take, first answer, maybe a note and a reply, within `span` SLA minutes. */
    const opening = (created: Date, span: number, internal: boolean) => {
      const take = sla(created, Math.max(1, Math.min(25, Math.floor(span * 0.08))));
      startWork(take);
      const answer = sla(take, Math.max(1, Math.min(10, Math.floor(span * 0.04))));
      steps.push({ kind: 'comment', at: answer, actor: staff, text: greet, internal: false });
      if (internal) {
        const at = sla(answer, Math.max(1, Math.min(30, Math.floor(span * 0.1))));
        steps.push({ kind: 'comment', at, actor: staff, text: template.note, internal: true });
      }
      if (span > 120 && random() < 0.6) {
        const at = sla(answer, Math.max(2, Math.floor(span * 0.2)));
        steps.push({ kind: 'comment', at, actor: requester, text: pick(REQUESTER_REPLIES), internal: false });
      }
    };

    switch (fate.status) {
      case 'CLOSED': {
        for (let extra = 0; extra < 10; extra++) {
          steps.length = 0;
          const day = new Date(now.getTime() - (fate.daysAgo + extra * 2) * DAY);
          const created = work(new Date(day.getTime() + between(0, 20) * HOUR), between(0, 400));
          steps.push({ kind: 'create', at: created, actor: requester });
          if (fate.how === 'withdraw') {
            const at = work(created, between(30, 180));
            steps.push({
              kind: 'withdraw',
              at,
              actor: requester,
              text: 'Sudah normal lagi, ternyata kabelnya longgar.',
            });
          } else if (fate.how === 'close') {
            const take = sla(created, between(10, 40));
            startWork(take);
            steps.push({
              kind: 'close',
              at: sla(take, between(5, 20)),
              actor: staff,
              text: 'Duplikat dari tiket sebelumnya yang sedang ditangani, kami tutup.',
            });
          } else {
            const used = Math.round(target * fate.used);
            opening(created, used * (fate.reject ? 0.5 : 1), fate.internal ?? false);
            let resolveAt: Date;
            if (fate.hold) {
              const holdAt = sla(created, Math.floor(used * 0.4));
              steps.push({ kind: 'hold', at: holdAt, actor: staff, text: pick(HOLD_REASONS) });
              const resumeAt = work(new Date(holdAt.getTime() + between(24, 60) * HOUR), between(0, 60));
              steps.push({ kind: 'resume', at: resumeAt, actor: staff });
              resolveAt = sla(resumeAt, used - Math.floor(used * 0.4));
            } else {
              resolveAt = sla(created, used);
            }
            if (fate.reject) {
              const first = sla(created, Math.floor(used * 0.5));
              steps.push({ kind: 'resolve', at: first, actor: staff, text: template.resolution });
              const rejectAt = work(first, between(60, 240));
              steps.push({
                kind: 'reject',
                at: rejectAt,
                actor: requester,
                text: 'Masih terjadi lagi tadi pagi, mohon dicek ulang.',
              });
              resolveAt = sla(rejectAt, Math.max(30, used - Math.floor(used * 0.5)));
            }
            steps.push({ kind: 'resolve', at: resolveAt, actor: staff, text: template.resolution });
            if (fate.how === 'auto') {
              steps.push({ kind: 'auto_close', at: new Date(resolveAt.getTime() + autoCloseDays * DAY + MINUTE) });
            } else {
              const rating = fate.rating ?? null;
              steps.push({
                kind: 'accept',
                at: work(resolveAt, between(20, 500)),
                actor: requester,
                rating,
                feedback: rating ? pick(FEEDBACK[rating] ?? ['']) || null : null,
              });
            }
          }
          if (steps.at(-1)!.at.getTime() < now.getTime() - HOUR) break;
        }
        break;
      }
      case 'RESOLVED': {
        const resolveAt = minutesBefore(new Date(now.getTime() - fate.hoursAgo * HOUR), 1, calendar);
        const used = Math.round(target * fate.used);
        const created = minutesBefore(resolveAt, used, ruleCal);
        steps.push({ kind: 'create', at: created, actor: requester });
        opening(created, Math.floor(used * 0.5), false);
        if (fate.reject) {
          const first = sla(created, Math.floor(used * 0.55));
          steps.push({ kind: 'resolve', at: first, actor: staff, text: template.resolution });
          steps.push({
            kind: 'reject',
            at: sla(first, Math.max(5, Math.floor(used * 0.1))),
            actor: requester,
            text: 'Masih terjadi lagi, mohon dicek ulang.',
          });
        }
        steps.push({ kind: 'resolve', at: resolveAt, actor: staff, text: template.resolution });
        break;
      }
      case 'ON_HOLD': {
        const holdAt = minutesBefore(new Date(now.getTime() - fate.hoursAgo * HOUR), 1, calendar);
        const used = Math.round(target * fate.used);
        const created = minutesBefore(holdAt, used, ruleCal);
        steps.push({ kind: 'create', at: created, actor: requester });
        opening(created, Math.floor(used * 0.7), false);
        steps.push({ kind: 'hold', at: holdAt, actor: staff, text: pick(HOLD_REASONS) });
        break;
      }
      case 'IN_PROGRESS':
      case 'OPEN': {
        const used = Math.max(5, Math.round(target * fate.used));
        const created = minutesBefore(now, used, ruleCal);
        steps.push({ kind: 'create', at: created, actor: requester });
        if (fate.status === 'IN_PROGRESS') opening(created, used, fate.internal ?? false);
        else if (fate.used > 1) {
          steps.push({
            kind: 'comment',
            at: sla(created, Math.floor(used * 0.7)),
            actor: requester,
            text: 'Mohon dibantu, sudah lewat dari target tapi belum ada yang menangani.',
            internal: false,
          });
        }
        break;
      }
    }
    // Steps share a minute at most; a step never lands after "now".
    steps.sort((a, b) => a.at.getTime() - b.at.getTime());
    for (let i = 1; i < steps.length; i++) {
      if (steps[i]!.at.getTime() <= steps[i - 1]!.at.getTime()) {
        steps[i]!.at = new Date(steps[i - 1]!.at.getTime() + MINUTE);
      }
    }
    const limit = now.getTime() - MINUTE;
    plans.push({
      template,
      priority: fate.priority,
      requester,
      steps: steps.filter((s) => s.at.getTime() <= limit),
    });
  });
  return plans.sort((a, b) => a.steps[0]!.at.getTime() - b.steps[0]!.at.getTime());
}

const ACTION_OF = {
  take: 'take',
  hold: 'hold',
  resume: 'resume',
  resolve: 'resolve',
  accept: 'accept',
  reject: 'reject',
  withdraw: 'withdraw',
  close: 'close',
} as const;

const TARGET_OF: Record<keyof typeof ACTION_OF, TicketStatus> = {
  take: 'IN_PROGRESS',
  hold: 'ON_HOLD',
  resume: 'IN_PROGRESS',
  resolve: 'RESOLVED',
  accept: 'CLOSED',
  reject: 'IN_PROGRESS',
  withdraw: 'CLOSED',
  close: 'CLOSED',
};

const MONITOR_ACTION = {
  warning: { clock: 'warning', topic: 'sla.at_risk' },
  breach: { clock: 'breached', topic: 'sla.breached' },
  escalation: { clock: 'escalated', topic: 'sla.escalated' },
} as const;

/**
 * Writes the demo tickets in the caller's transaction. `ctx` must already reflect the demo
 * calendar and levels; `categories` and `priorities` map demo names to ids. The clock log is
 * kept in memory per ticket (the engine's pure `applyClockIntents`, and the monitor's rules for
 * firing levels), then every table is written in a few bulk statements: fast on PGlite.
 */
export async function writeDemoTickets(
  trx: Transaction<Database>,
  input: {
    now: Date;
    ctx: SlaContext;
    people: DemoPeople;
    categories: Map<string, string>;
    priorities: Map<DemoPriority, { id: string; level: number }>;
    timezone: string;
    prefix: string;
    autoCloseDays: number;
  },
): Promise<{ tickets: number }> {
  const { now, ctx } = input;
  const rules = new Map<DemoPriority, NonNullable<Awaited<ReturnType<typeof slaRepo.activeRule>>>>();
  const targets = new Map<DemoPriority, { minutes: number; cal: BusinessCalendar }>();
  for (const [name, p] of input.priorities) {
    const rule = await slaRepo.activeRule(trx, p.id);
    if (!rule) throw new Error(`demo priority ${name} has no SLA rule`);
    rules.set(name, rule);
    targets.set(name, { minutes: rule.duration_hours * 60, cal: calendarFor(rule.business_hours, ctx.calendar) });
  }
  const plans = planTickets(now, input.people, ctx.calendar, targets, input.autoCloseDays);

  const tickets: Insertable<TicketsTable>[] = [];
  const events: Parameters<typeof ticketsRepo.insertTicketEvents>[1] = [];
  const comments: Insertable<TicketCommentsTable>[] = [];
  const clockRows: Insertable<SlaClockEventsTable>[] = [];
  const firedRows: { ticket_id: string; level_id: string; fired_at: Date }[] = [];
  const outbox: Insertable<OutboxEventsTable>[] = [];

  for (const plan of plans) {
    const create = plan.steps[0]!;
    if (create.kind !== 'create') throw new Error('a demo ticket starts with its creation');
    const priority = input.priorities.get(plan.priority)!;
    const rule = rules.get(plan.priority)!;
    const created = create.at;
    const period = ticketPeriod(created, input.timezone);
    const sequence = await ticketsRepo.nextTicketSequence(trx, period);
    const id = randomUUID();
    const ticket = { id, priority_id: priority.id };
    const row: Updateable<TicketsTable> & { status: TicketStatus; version: number } = { status: 'OPEN', version: 1 };
    const log: ClockLogEntry[] = [];
    const fired = new Set<string>();
    let firstResponse: Date | null = null;
    let onHoldSince: Date | null = null;
    let pausedSeconds = 0;
    let assignee: Actor | null = null;
    const outboxAt = (at: Date, topic: string, actor: string | null, payload: Record<string, unknown>) =>
      outbox.push({
        topic,
        ticket_id: id,
        actor_id: actor,
        payload: JSON.stringify(payload),
        created_at: at,
        processed_at: at,
      });
    const clock = (intents: ClockIntent[], at: Date) => {
      if (intents.length === 0) return;
      const { fresh, columns } = applyClockIntents(ctx, ticket, log, fired, intents, at);
      clockRows.push(...fresh);
      Object.assign(row, columns);
    };
    /** What the SLA monitor did up to `at` (sla.monitor.ts): each due level fired once, at its minute. */
    const monitor = (at: Date) => {
      const derived = deriveClock(log, ctx.calendar, at, ctx.atRiskPercent);
      const due = planLevels(derived, ctx, priority.id)
        .filter((p) => !fired.has(p.level.id) && p.dueAt.getTime() <= at.getTime())
        .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
      for (const level of due) {
        const firedAt = new Date(Math.min(at.getTime(), Math.ceil(level.dueAt.getTime() / MINUTE) * MINUTE));
        const action = MONITOR_ACTION[level.level.action];
        const data = {
          levelId: level.level.id,
          levelName: level.level.name,
          action: level.level.action,
          recipients: level.level.recipients,
          channels: level.level.channels,
          urgent: level.level.urgent,
          dueAt: level.moment.toISOString(),
          deadline: derived.resolution?.deadline.toISOString() ?? null,
        };
        fired.add(level.level.id);
        firedRows.push({ ticket_id: id, level_id: level.level.id, fired_at: firedAt });
        log.push({ kind: action.clock, metric: 'resolution', at: firedAt, data });
        clockRows.push({
          ticket_id: id,
          kind: action.clock,
          metric: 'resolution',
          at: firedAt,
          data: JSON.stringify(data),
        });
        outboxAt(firedAt, action.topic, null, data);
        if (level.level.action === 'escalation') {
          events.push({
            ticketId: id,
            actorId: null,
            type: 'sla_escalated',
            field: 'sla',
            to: level.level.name,
            data: { levelId: level.level.id, recipients: level.level.recipients },
            at: firedAt,
          });
        }
      }
    };
    const update = (at: Date) => {
      row.version += 1;
      row.updated_at = at;
    };

    events.push({
      ticketId: id,
      actorId: create.actor.id,
      type: 'created',
      data: create.actor.id !== plan.requester.id ? { onBehalfOf: plan.requester.id } : undefined,
      at: created,
    });
    outboxAt(created, 'ticket.created', create.actor.id, { requesterId: plan.requester.id });
    clock([{ kind: 'start', rule, priority: rule.priority_name }], created);

    for (const step of plan.steps.slice(1)) {
      const at = step.at;
      monitor(at);
      switch (step.kind) {
        case 'create':
          throw new Error('one creation per ticket');
        case 'assign': {
          const from = row.status;
          events.push({
            ticketId: id,
            actorId: step.actor.id,
            type: 'assigned',
            field: 'assignee',
            from: assignee?.name ?? null,
            to: step.to.name,
            data: { from: assignee?.id ?? null, to: step.to.id },
            at,
          });
          if (row.status === 'OPEN') {
            row.status = 'IN_PROGRESS';
            events.push({
              ticketId: id,
              actorId: step.actor.id,
              type: 'status_changed',
              field: 'status',
              from,
              to: 'IN_PROGRESS',
              at,
            });
          }
          outboxAt(at, 'ticket.assigned', step.actor.id, {
            from: assignee?.id ?? null,
            to: step.to.id,
            statusFrom: from,
            statusTo: row.status,
          });
          assignee = step.to;
          row.assigned_to = step.to.id;
          update(at);
          break;
        }
        case 'comment': {
          const commentId = randomUUID();
          comments.push({
            id: commentId,
            ticket_id: id,
            user_id: step.actor.id,
            comment: step.text,
            is_internal: step.internal,
            created_at: at,
          });
          if (!step.internal && step.actor.id !== plan.requester.id && !firstResponse) {
            firstResponse = at;
            row.first_response_at = at;
            clock([{ kind: 'first_response' }], at);
          }
          row.updated_at = at;
          outboxAt(at, 'ticket.comment_added', step.actor.id, {
            commentId,
            isInternal: step.internal,
            mentions: [],
          });
          break;
        }
        case 'auto_close': {
          events.push({
            ticketId: id,
            actorId: null,
            type: 'status_changed',
            field: 'status',
            from: 'RESOLVED',
            to: 'CLOSED',
            data: { action: 'auto_close', afterDays: input.autoCloseDays },
            at,
          });
          outboxAt(at, 'ticket.status_changed', null, { from: 'RESOLVED', to: 'CLOSED', action: 'auto_close' });
          row.status = 'CLOSED';
          row.closed_at = at;
          update(at);
          break;
        }
        default: {
          // A transition, as ticketsService.transition writes it.
          const action = ACTION_OF[step.kind];
          const from = row.status;
          const to = TARGET_OF[step.kind];
          const staffResponse =
            step.actor.id !== plan.requester.id && (action === 'hold' || action === 'resolve' || action === 'close');
          const intents: ClockIntent[] = staffResponse && !firstResponse ? [{ kind: 'first_response' }] : [];
          row.status = to;
          switch (step.kind) {
            case 'take':
              row.assigned_to = step.actor.id;
              assignee = step.actor;
              break;
            case 'hold':
              onHoldSince = at;
              row.on_hold_since = at;
              row.hold_reason = step.text;
              intents.push({ kind: 'pause', reason: 'on_hold' });
              break;
            case 'resume':
              pausedSeconds += Math.max(0, Math.round((at.getTime() - (onHoldSince ?? at).getTime()) / 1000));
              onHoldSince = null;
              Object.assign(row, { on_hold_since: null, hold_reason: null, sla_paused_seconds: pausedSeconds });
              intents.push({ kind: 'resume', reason: 'resumed' });
              break;
            case 'resolve':
              row.resolved_at = at;
              row.resolution_note = step.text;
              intents.push({ kind: 'resolve' });
              break;
            case 'accept':
              row.closed_at = at;
              row.rating = step.rating;
              row.feedback = step.feedback;
              break;
            case 'reject':
              row.resolved_at = null;
              intents.push({ kind: 'resume', reason: 'reopened' });
              break;
            case 'withdraw':
            case 'close':
              row.closed_at = at;
              if (from !== 'RESOLVED') intents.push({ kind: 'pause', reason: 'closed' });
              break;
          }
          if (staffResponse && !firstResponse) {
            firstResponse = at;
            row.first_response_at = at;
          }
          clock(intents, at);
          update(at);
          if ('text' in step && step.text) {
            comments.push({
              id: randomUUID(),
              ticket_id: id,
              user_id: step.actor.id,
              comment: step.text,
              is_internal: false,
              created_at: at,
            });
          }
          events.push({
            ticketId: id,
            actorId: step.actor.id,
            type: 'status_changed',
            field: 'status',
            from,
            to,
            data: { action },
            at,
          });
          if (step.kind === 'take') {
            events.push({
              ticketId: id,
              actorId: step.actor.id,
              type: 'assigned',
              field: 'assignee',
              from: null,
              to: step.actor.name,
              data: { to: step.actor.id },
              at,
            });
          }
          if (step.kind === 'accept' && step.rating !== null) {
            events.push({
              ticketId: id,
              actorId: step.actor.id,
              type: 'rated',
              field: 'rating',
              to: String(step.rating),
              at,
            });
          }
          outboxAt(at, 'ticket.status_changed', step.actor.id, { from, to, action });
        }
      }
    }

    // The monitor's view now: levels due by now fired, deadlines and the next check stored.
    monitor(now);
    const derived = deriveClock(log, ctx.calendar, now, ctx.atRiskPercent);
    tickets.push({
      id,
      ticket_number: formatTicketNumber(input.prefix, period, sequence),
      user_id: plan.requester.id,
      category_id: input.categories.get(plan.template.category)!,
      priority_id: priority.id,
      priority_level: priority.level,
      title: plan.template.title,
      description: plan.template.description,
      created_at: created,
      updated_at: created,
      ...row,
      ...storedColumns(derived, planLevels(derived, ctx, priority.id), fired),
    });
  }

  const chunked = async <T>(rows: T[], write: (chunk: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += 500) await write(rows.slice(i, i + 500));
  };
  const byTime =
    <T>(at: (row: T) => Date) =>
    (a: T, b: T) =>
      at(a).getTime() - at(b).getTime();
  await chunked(tickets, (c) => trx.insertInto('tickets').values(c).execute());
  // In log order per ticket: the clock is derived in id order.
  await chunked(clockRows, (c) => slaRepo.insertClockEvents(trx, c));
  await chunked(firedRows, (c) => trx.insertInto('sla_escalations_fired').values(c).execute());
  await chunked(events.sort(byTime((e) => e.at)), (c) => ticketsRepo.insertTicketEvents(trx, c));
  await chunked(comments.sort(byTime((c) => c.created_at as Date)), (c) =>
    trx.insertInto('ticket_comments').values(c).execute(),
  );
  await chunked(outbox.sort(byTime((o) => o.created_at as Date)), (c) =>
    trx.insertInto('outbox_events').values(c).execute(),
  );
  return { tickets: plans.length };
}
