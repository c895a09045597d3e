import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, screenshot, startServer, type RunningServer, signIn } from './harness';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The status badge next to the ticket number, as the reader sees it. */
async function expectStatus(page: Page, label: string) {
  await expect
    .poll(() => page.getByRole('main').locator('[data-status]').first().textContent(), { timeout: 15_000 })
    .toBe(label);
}

async function dialogSubmit(page: Page, field: string, text: string, submit: string) {
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(field).fill(text);
  await dialog.getByRole('button', { name: submit }).click();
  await dialog.waitFor({ state: 'hidden' });
}

async function createTicket(page: Page, ticket: { title: string; description: string; category: string }) {
  await page.goto('/user');
  await page.getByRole('main').getByRole('link', { name: 'Buat tiket' }).click();
  await page.getByLabel('Judul').fill(ticket.title);
  await page.getByLabel('Deskripsi').fill(ticket.description);
  await page.getByRole('combobox', { name: 'Kategori' }).click();
  await page.getByRole('option', { name: ticket.category, exact: true }).click();
  await page.getByRole('button', { name: 'Kirim tiket' }).click();
  await page.waitForURL(/\/user\/tickets\/[A-Z]+-\d{6}-\d+$/);
  return decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
}

describe('tickets in the User Portal and the IT Staff Portal', () => {
  it('walks a ticket from creation through hold, rejection and acceptance to CLOSED', async () => {
    const user = await newPage(browser, server.baseUrl, 'flow-user');
    const staff = await newPage(browser, server.baseUrl, 'flow-staff');
    const title = `Laptop tidak bisa tersambung ke Wi-Fi ${Date.now()}`;

    // 1. The requester reports the problem.
    await signIn(user.page, 'user@demo.local');
    await user.page.getByRole('heading', { name: 'Tiket saya' }).waitFor();
    const number = await createTicket(user.page, {
      title,
      description: 'Sejak pagi laptop **tidak** tersambung.\n\n- Sudah restart\n- Kabel LAN berfungsi',
      category: 'Jaringan',
    });
    await expectStatus(user.page, 'Terbuka');
    await user.page.getByText('Sejak pagi laptop').waitFor();
    await screenshot(user.page, 'ticket-flow-01-user-created');

    // 2. IT staff find it in the queue (unassigned tab) and take it.
    await signIn(staff.page, 'staff@demo.local');
    await staff.page.getByRole('heading', { name: 'Antrean tiket' }).waitFor();
    await staff.page.getByRole('tab', { name: /Belum ditangani/ }).waitFor();
    const row = staff.page.getByRole('link', { name: title });
    await row.waitFor();
    await screenshot(staff.page, 'ticket-flow-02-staff-queue');
    await row.click();
    await staff.page.waitForURL(new RegExp(`/staff/tickets/${number}$`));
    await expectStatus(staff.page, 'Terbuka');
    await staff.page.getByRole('button', { name: 'Ambil tiket' }).click();
    await expectStatus(staff.page, 'Dikerjakan');
    await staff.page.getByText('Sari Teknisi', { exact: true }).first().waitFor();
    await screenshot(staff.page, 'ticket-flow-03-staff-taken');

    // 3. On hold, with a reason the requester can read.
    await staff.page.getByRole('button', { name: 'Tunda', exact: true }).click();
    await dialogSubmit(staff.page, 'Alasan penundaan', 'Menunggu adaptor Wi-Fi pengganti dari gudang.', 'Tunda tiket');
    await expectStatus(staff.page, 'Ditunda');
    await staff.page.getByRole('alert').filter({ hasText: 'Menunggu adaptor' }).first().waitFor();
    await screenshot(staff.page, 'ticket-flow-04-staff-on-hold');
    await user.page.reload();
    await expectStatus(user.page, 'Ditunda');
    await user.page.getByText('Menunggu adaptor Wi-Fi pengganti dari gudang.').first().waitFor();
    await screenshot(user.page, 'ticket-flow-05-user-sees-hold');

    // 4. Resumed, then resolved with a note.
    await staff.page.getByRole('button', { name: 'Lanjutkan' }).click();
    await expectStatus(staff.page, 'Dikerjakan');
    await staff.page.getByRole('button', { name: 'Selesaikan' }).click();
    await dialogSubmit(staff.page, 'Catatan penyelesaian', 'Adaptor Wi-Fi sudah diganti.', 'Tandai selesai');
    await expectStatus(staff.page, 'Diselesaikan');
    await screenshot(staff.page, 'ticket-flow-06-staff-resolved');

    // 5. The requester is not satisfied yet: rejects with a comment.
    await user.page.reload();
    await expectStatus(user.page, 'Diselesaikan');
    const resolution = user.page.getByRole('region', { name: 'Tiket ini sudah diselesaikan' });
    await resolution.getByText('Adaptor Wi-Fi sudah diganti.').waitFor();
    await screenshot(user.page, 'ticket-flow-07-user-asked-to-accept');
    await resolution.getByRole('button', { name: 'Belum, tolak' }).click();
    await dialogSubmit(
      user.page,
      'Apa yang masih bermasalah?',
      'Masih putus-sambung setiap 10 menit.',
      'Tolak penyelesaian',
    );
    await expectStatus(user.page, 'Dikerjakan');
    await user.page.getByText('Masih putus-sambung setiap 10 menit.').waitFor();
    await screenshot(user.page, 'ticket-flow-08-user-rejected');

    // 6. Staff see the rejection and resolve again.
    await staff.page.reload();
    await expectStatus(staff.page, 'Dikerjakan');
    await staff.page.getByText('Masih putus-sambung setiap 10 menit.').waitFor();
    await staff.page.getByRole('button', { name: 'Selesaikan' }).click();
    await dialogSubmit(
      staff.page,
      'Catatan penyelesaian',
      'Driver Wi-Fi diperbarui; koneksi stabil selama 1 jam pengujian.',
      'Tandai selesai',
    );
    await expectStatus(staff.page, 'Diselesaikan');

    // 7. The requester accepts with five stars.
    await user.page.reload();
    await expectStatus(user.page, 'Diselesaikan');
    await user.page.getByRole('button', { name: 'Ya, terima penyelesaian' }).click();
    const accept = user.page.getByRole('dialog');
    // Mantine draws the stars over visually hidden radios: click the fifth star's label.
    const fiveStars = await accept.getByRole('radio', { name: '5 dari 5' }).getAttribute('id');
    await accept.locator(`label[for="${fiveStars}"]`).click();
    expect(await accept.getByRole('radio', { name: '5 dari 5' }).isChecked()).toBe(true);
    await accept.getByLabel('Masukan (opsional)').fill('Cepat dan jelas, terima kasih!');
    await screenshot(user.page, 'ticket-flow-09-user-accepting');
    await accept.getByRole('button', { name: 'Terima dan tutup tiket' }).click();
    await accept.waitFor({ state: 'hidden' });
    await expectStatus(user.page, 'Ditutup');
    await user.page.getByText('Cepat dan jelas, terima kasih!').waitFor();
    await user.page.getByText('Tiket ini sudah ditutup; percakapan tidak dapat dilanjutkan.').waitFor();
    await screenshot(user.page, 'ticket-flow-10-user-closed');

    // The closed ticket sits in the "Ditutup" tab of the requester's list.
    await user.page.goto('/user');
    await user.page.getByRole('tab', { name: 'Ditutup' }).click();
    await user.page.getByRole('link', { name: title }).waitFor();

    await staff.page.reload();
    await expectStatus(staff.page, 'Ditutup');
    await staff.page.getByText('Penilaian 5 dari 5').waitFor();
    await screenshot(staff.page, 'ticket-flow-11-staff-closed');

    expect(user.errors).toEqual([]);
    expect(staff.errors).toEqual([]);
    await user.context.close();
    await staff.context.close();
  }, 240_000);

  it('offers no reply box, upload or delete on a closed ticket, to the requester or to staff', async () => {
    const user = await newPage(browser, server.baseUrl, 'closed-user');
    const staff = await newPage(browser, server.baseUrl, 'closed-staff');
    const title = `Monitor berkedip ${Date.now()}`;
    await signIn(user.page, 'user@demo.local');
    const number = await createTicket(user.page, {
      title,
      description: 'Layar berkedip setiap beberapa detik.',
      category: 'Perangkat Keras',
    });
    await user.page
      .getByLabel('Lampirkan berkas ke tiket')
      .setInputFiles({ name: 'gejala.txt', mimeType: 'text/plain', buffer: Buffer.from('berkedip') });
    await user.page.getByRole('button', { name: 'Hapus gejala.txt' }).waitFor();

    // While open, staff may reply, add files and delete the requester's file.
    await signIn(staff.page, 'staff@demo.local');
    await staff.page.goto(`/staff/tickets/${number}`);
    await expectStatus(staff.page, 'Terbuka');
    await staff.page.getByRole('textbox', { name: 'Balasan' }).waitFor();
    await staff.page.getByRole('button', { name: 'Hapus gejala.txt' }).waitFor();
    expect(await staff.page.getByLabel('Lampirkan berkas ke tiket').count()).toBe(1);

    // The requester withdraws: the ticket is CLOSED.
    await user.page.getByRole('button', { name: 'Batalkan tiket' }).click();
    await user.page.getByRole('dialog').getByRole('button', { name: 'Ya, batalkan' }).click();
    await expectStatus(user.page, 'Ditutup');

    for (const { page } of [user, staff]) {
      await page.reload();
      await expectStatus(page, 'Ditutup');
      await page.getByText('Tiket ini sudah ditutup; percakapan tidak dapat dilanjutkan.').waitFor();
      // The file is still listed (and downloadable), but nothing can change.
      await page
        .getByRole('button', { name: 'Unduh gejala.txt' })
        .or(page.getByRole('link', { name: 'Unduh gejala.txt' }))
        .first()
        .waitFor();
      expect(await page.getByRole('textbox', { name: 'Balasan' }).count()).toBe(0);
      expect(await page.getByLabel('Lampirkan berkas ke tiket').count()).toBe(0);
      expect(await page.getByLabel('Lampirkan berkas ke balasan').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Hapus gejala.txt' }).count()).toBe(0);
      expect(await page.getByRole('toolbar', { name: 'Tindakan tiket' }).count()).toBe(0);
      for (const label of ['Ambil tiket', 'Tugaskan', 'Batalkan tiket', 'Ubah', 'Tutup tiket']) {
        expect(await page.getByRole('button', { name: label, exact: true }).count(), label).toBe(0);
      }
    }
    await screenshot(user.page, 'ticket-closed-01-user');
    await screenshot(staff.page, 'ticket-closed-02-staff');
    expect(user.errors).toEqual([]);
    expect(staff.errors).toEqual([]);
    await user.context.close();
    await staff.context.close();
  }, 120_000);

  it('shows script-like text as text on both sides, and image attachments with a thumbnail', async () => {
    const img = '<img src=x onerror="window.__xss=1">';
    const script = '<script>window.__xss=1</script>';
    const link = '[klik](javascript:window.__xss=1)';
    const user = await newPage(browser, server.baseUrl, 'xss-user');
    const staff = await newPage(browser, server.baseUrl, 'xss-staff');

    await signIn(user.page, 'user@demo.local');
    const number = await createTicket(user.page, {
      title: `XSS ${img} ${script}`,
      description: `Gambar: ${img}\n\nSkrip: ${script}\n\nTautan: ${link}`,
      category: 'Perangkat Lunak',
    });
    await expectStatus(user.page, 'Terbuka');

    const reply = user.page.getByRole('textbox', { name: 'Balasan' });
    await reply.fill(`Komentar ${img} ${script} ${link}`);
    await user.page.getByRole('button', { name: 'Kirim balasan' }).click();
    await user.page.getByRole('article', { name: 'Pesan dari Andi Pegawai' }).waitFor();

    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#1c7ed6' } })
      .png()
      .toBuffer();
    await user.page
      .getByLabel('Lampirkan berkas ke tiket')
      .setInputFiles({ name: 'layar-galat.png', mimeType: 'image/png', buffer: png });
    const thumbnail = user.page.getByRole('img', { name: 'Pratinjau layar-galat.png' });
    await thumbnail.waitFor();
    await expect
      .poll(() =>
        thumbnail.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth),
      )
      .toBeGreaterThan(0);
    await screenshot(user.page, 'ticket-xss-01-user');

    await signIn(staff.page, 'staff@demo.local');
    await staff.page.goto(`/staff/tickets/${number}`);
    await expectStatus(staff.page, 'Terbuka');
    const staffThumbnail = staff.page.getByRole('img', { name: 'Pratinjau layar-galat.png' });
    await staffThumbnail.waitFor();
    await expect
      .poll(() =>
        staffThumbnail.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth),
      )
      .toBeGreaterThan(0);
    await screenshot(staff.page, 'ticket-xss-02-staff');

    for (const page of [user.page, staff.page]) {
      const main = page.getByRole('main');
      // The payloads are on screen as text: title, description and comment.
      await main.getByRole('heading', { name: `XSS ${img} ${script}` }).waitFor();
      await main.getByText(`Skrip: ${script}`).waitFor();
      await main.getByText(`Gambar: ${img}`).waitFor();
      await main.getByText(`Tautan: ${link}`).waitFor();
      await main.getByText(`Komentar ${img} ${script} ${link}`).waitFor();
      expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
      expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
      expect(await main.locator('img[src="x"], script:not([src])').count()).toBe(0);
    }

    expect(user.errors).toEqual([]);
    expect(staff.errors).toEqual([]);
    await user.context.close();
    await staff.context.close();
  }, 180_000);
});
