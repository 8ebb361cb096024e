import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/database.ts';
import { describeEachEngine, type TestContext } from '../../../test/harness.ts';
import { castOf, ticketApi, type Cast } from '../../../test/ticket-fixtures.ts';

/** A real 1×1 grey PNG: signature, IHDR, IDAT, IEND, each chunk with its CRC. */
function pngBytes(padTo = 0): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(zlib.crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.from([0, 0x80])))];
  // A text chunk makes the file as large as a test needs, and it stays a valid PNG.
  const fixed = parts.reduce((n, p) => n + p.length, 0) + 12 + 12;
  if (padTo > fixed) parts.push(chunk('tEXt', Buffer.concat([Buffer.from('Comment\0'), Buffer.alloc(padTo - fixed - 8, 0x61)])));
  parts.push(chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(parts);
}

/** A minimal valid one-page PDF, with a correct cross-reference table. */
function pdfBytes(): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>'];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

type Part = { name: string; value: string } | { name: string; fileName: string; type: string; data: Buffer };

/** A multipart/form-data body, as a browser's FormData would send it. */
function multipart(parts: Part[], extraHeaders: Record<string, string> = {}) {
  const boundary = `----t1022${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const file = 'data' in p;
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${file ? `; filename="${p.fileName}"` : ''}\r\n${file ? `Content-Type: ${p.type}\r\n` : ''}\r\n`;
    chunks.push(Buffer.from(head, 'utf8'), file ? p.data : Buffer.from(p.value, 'utf8'), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { ...extraHeaders, 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Every file under the attachments folder (temporary ones included). */
function storedFiles(ctx: TestContext): string[] {
  const root = path.join(ctx.config.dataDir, 'attachments');
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

const count = async (ctx: TestContext, query: ReturnType<typeof sql>) => (await queryRows<{ n: number }>(ctx.database.db, query))[0]!.n;

const dataDirs: string[] = [];
const tempDataDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 't1022-attachments-'));
  dataDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describeEachEngine(
  'ticket attachments',
  (ctx) => {
    let cast: Cast;
    let code: string;
    const api = ticketApi(ctx, () => cast.operator);
    const upload = (headers: Record<string, string>, ticket: string, parts: Part[]) =>
      ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticket}/attachments`, ...multipart(parts, headers) });
    const citizenUpload = (ticket: string, parts: Part[]) => ctx.app.inject({ method: 'POST', url: `/api/v1/public/tickets/${ticket}/attachments`, ...multipart(parts) });
    const get = (headers: Record<string, string>, url: string) => ctx.app.inject({ method: 'GET', url, headers });

    beforeAll(async () => {
      cast = await castOf(ctx);
      code = (await api.create(cast.operator, { content: 'Cống thoát nước trên đường Lý Thường Kiệt bị vỡ, nước tràn vào nhà dân.' })).code;
      expect((await api.act(cast.operator, code, 'forward', { leadAgencyCode: 'so-xay-dung' })).statusCode).toBe(200);
    });

    it('stores a photo and a PDF from the agency and gives them back byte for byte, audited', async () => {
      const png = pngBytes();
      const pdf = pdfBytes();
      const res = await upload(cast.xdFocal.headers, code, [
        { name: 'file', fileName: 'Ảnh hiện trường.png', type: 'image/png', data: png },
        { name: 'file', fileName: 'bien-ban.pdf', type: 'application/octet-stream', data: pdf },
      ]);
      expect(res.statusCode).toBe(201);
      const items = res.json().items as Array<{ id: string; fileName: string; mediaType: string; sizeBytes: number; sha256: string }>;
      expect(items).toMatchObject([
        { fileName: 'Ảnh hiện trường.png', mediaType: 'image/png', sizeBytes: png.length, sha256: sha256(png) },
        { fileName: 'bien-ban.pdf', mediaType: 'application/pdf', sizeBytes: pdf.length, sha256: sha256(pdf) },
      ]);
      // Content-addressed, outside any web root.
      const stored = path.join(ctx.config.dataDir, 'attachments', sha256(png).slice(0, 2), sha256(png));
      expect(fs.readFileSync(stored).equals(png)).toBe(true);

      const list = await get(cast.operator.headers, `/api/v1/tickets/${code}/attachments`);
      expect(list.json().items.map((i: { id: string }) => i.id).sort()).toEqual(items.map((i) => i.id).sort());

      const down = await get(cast.xdStaff.headers, `/api/v1/tickets/${code}/attachments/${items[0]!.id}`);
      expect(down.statusCode).toBe(200);
      expect(down.rawPayload.equals(png)).toBe(true);
      expect(sha256(down.rawPayload)).toBe(items[0]!.sha256);
      expect(down.headers['content-type']).toBe('image/png');
      expect(down.headers['x-content-type-options']).toBe('nosniff');
      expect(down.headers['content-disposition']).toBe(`attachment; filename="Anh hien truong.png"; filename*=UTF-8''${encodeURIComponent('Ảnh hiện trường.png')}`);
      const pdfDown = await get(cast.leader.headers, `/api/v1/tickets/${code}/attachments/${items[1]!.id}`);
      expect(pdfDown.rawPayload.equals(pdf)).toBe(true);
      expect(pdfDown.headers['content-type']).toBe('application/pdf');

      expect(await count(ctx, sql`SELECT count(*)::int AS n FROM ticket_events WHERE action = 'attachment-added' AND visibility = 'internal'`)).toBe(1);
      expect(await count(ctx, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'attachment.added'`)).toBe(1);
      expect(await count(ctx, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'attachment.downloaded'`)).toBe(2);
    });

    it('judges files by their bytes: an executable or a web page named .png is refused (415) and nothing is kept', async () => {
      const before = storedFiles(ctx).length;
      const rows = await count(ctx, sql`SELECT count(*)::int AS n FROM attachments`);
      const exe = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), randomBytes(200)]);
      const html = Buffer.from('<!doctype html><script>alert(document.cookie)</script>');
      for (const data of [exe, html]) {
        const res = await upload(cast.operator.headers, code, [{ name: 'file', fileName: 'anh.png', type: 'image/png', data }]);
        expect(res.statusCode).toBe(415);
        expect(res.json()).toMatchObject({ code: 'attachment.type_not_allowed' });
        expect(res.json().title).toContain('JPEG, PNG, WebP, HEIC');
      }
      // One bad file spoils the batch: the good one before it is not kept either.
      const mixed = await upload(cast.operator.headers, code, [
        { name: 'file', fileName: 'ok.png', type: 'image/png', data: pngBytes(500) },
        { name: 'file', fileName: 'x.png', type: 'image/png', data: html },
      ]);
      expect(mixed.statusCode).toBe(415);
      expect(storedFiles(ctx)).toHaveLength(before);
      expect(await count(ctx, sql`SELECT count(*)::int AS n FROM attachments`)).toBe(rows);
    });

    it('gives a stored name no path and the extension of what the file really is', async () => {
      const res = await upload(cast.operator.headers, code, [{ name: 'file', fileName: 'trang.html', type: 'text/html', data: pngBytes(300) }]);
      expect(res.statusCode).toBe(201);
      expect(res.json().items[0]).toMatchObject({ fileName: 'trang.html.png', mediaType: 'image/png' });
    });

    it('takes a file sent without a file name under a name of its own (a 500 until fuzzing found it)', async () => {
      const png = pngBytes(400);
      const { payload, headers } = multipart([{ name: 'file', fileName: 'x', type: 'application/octet-stream', data: png }], cast.operator.headers);
      // What a client sends with no filename at all: the content type alone makes the part a file.
      const unnamed = Buffer.from(payload.toString('latin1').replace('; filename="x"', ''), 'latin1');
      const res = await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${code}/attachments`, headers, payload: unnamed });
      expect(res.statusCode).toBe(201);
      expect(res.json().items[0]).toMatchObject({ fileName: 'tep-dinh-kem.png', mediaType: 'image/png', sha256: sha256(png) });
    });

    it('answers a body that is not valid multipart with 400, not 500 (found by fuzzing)', async () => {
      const broken = { 'content-type': 'multipart/form-data; boundary=x' };
      const citizen = await ctx.app.inject({ method: 'POST', url: '/api/v1/public/tickets/1022-2026-000001/attachments', headers: broken, payload: 'a=1&b=2' });
      expect(citizen.statusCode).toBe(400);
      expect(citizen.json().code).toBe('request.malformed_multipart');
      const cut = await ctx.app.inject({ method: 'POST', url: '/api/v1/public/tickets/1022-2026-000001/attachments', headers: broken, payload: '--x\r\nContent-Disposition: form-data; name="phone"\r\n\r\n0912' });
      expect(cut.statusCode).toBeLessThan(500);
    });

    it('answers a body cut short inside a file with 400 and keeps nothing of it (found by fuzzing)', async () => {
      const before = await count(ctx, sql`SELECT count(*)::int AS n FROM attachments`);
      const filesBefore = storedFiles(ctx).length;
      const cutInFile = (parts: Part[], headers: Record<string, string> = {}) => {
        const { payload, headers: all } = multipart(parts, headers);
        // Up to the middle of the last file's bytes: the body ends inside it.
        return { payload: payload.subarray(0, payload.lastIndexOf('\r\n\r\n') + 4 + 300), headers: all };
      };
      const photo = { name: 'file', fileName: 'anh.png', type: 'image/png', data: pngBytes(800) };
      // The citizen's phone is checked against the database before the file is read, while the rest of the body arrives.
      const citizen = await ctx.app.inject({ method: 'POST', url: `/api/v1/public/tickets/${code}/attachments`, ...cutInFile([{ name: 'phone', value: '0912 345 678' }, photo]) });
      expect(citizen.statusCode).toBe(400);
      expect(citizen.json().code).toBe('request.malformed_multipart');
      const staff = await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${code}/attachments`, ...cutInFile([photo], cast.operator.headers) });
      expect(staff.statusCode).toBe(400);
      expect(staff.json().code).toBe('request.malformed_multipart');
      expect(await count(ctx, sql`SELECT count(*)::int AS n FROM attachments`)).toBe(before);
      expect(storedFiles(ctx)).toHaveLength(filesBefore);
    });

    it('keeps other agencies and anonymous callers out', async () => {
      const [file] = (await get(cast.operator.headers, `/api/v1/tickets/${code}/attachments`)).json().items as Array<{ id: string }>;
      expect((await get(cast.ytFocal.headers, `/api/v1/tickets/${code}/attachments`)).statusCode).toBe(404);
      expect((await get(cast.ytStaff.headers, `/api/v1/tickets/${code}/attachments/${file!.id}`)).statusCode).toBe(404);
      expect((await upload(cast.ytFocal.headers, code, [{ name: 'file', fileName: 'a.png', type: 'image/png', data: pngBytes() }])).statusCode).toBe(404);
      expect((await get(cast.xdFocal.headers, `/api/v1/tickets/${code}/attachments/00000000-0000-4000-8000-000000000000`)).json().code).toBe('attachment.not_found');
      expect((await upload({}, code, [{ name: 'file', fileName: 'a.png', type: 'image/png', data: pngBytes() }])).statusCode).toBe(401);
      expect((await get({}, `/api/v1/tickets/${code}/attachments`)).statusCode).toBe(401);
      expect((await get({}, `/api/v1/tickets/${code}/attachments/${file!.id}`)).statusCode).toBe(401);
      // Leaders read everything but do not upload.
      expect((await get(cast.leader.headers, `/api/v1/tickets/${code}/attachments`)).statusCode).toBe(200);
      expect((await upload(cast.leader.headers, code, [{ name: 'file', fileName: 'a.png', type: 'image/png', data: pngBytes() }])).statusCode).toBe(403);
    });

    it('lets the citizen add files to their open ticket, proven by phone; a wrong phone is 404', async () => {
      const photo = { name: 'file', fileName: 'nuoc-tran.png', type: 'image/png', data: pngBytes(800) };
      expect((await citizenUpload(code, [{ name: 'phone', value: '0900 000 000' }, photo])).statusCode).toBe(404);
      expect((await citizenUpload('1022-2026-999999', [{ name: 'phone', value: '0912 345 678' }, photo])).statusCode).toBe(404);
      // The proof comes first, so nothing from an unproven sender is written.
      expect((await citizenUpload(code, [photo, { name: 'phone', value: '0912 345 678' }])).statusCode).toBe(422);
      const ok = await citizenUpload(code, [{ name: 'phone', value: '0912 345 678' }, photo]);
      expect(ok.statusCode).toBe(201);
      expect(ok.json().items[0]).toMatchObject({ fileName: 'nuoc-tran.png', uploadedByCitizen: true, sha256: sha256(photo.data) });
      const tracked = (await ctx.app.inject({ method: 'GET', url: `/api/v1/public/tickets/${code}?phone=0912345678` })).json();
      expect(tracked.events.map((e: { action: string }) => e.action)).toContain('attachment-added');
      expect((await get(cast.xdFocal.headers, `/api/v1/tickets/${code}/attachments/${ok.json().items[0].id}`)).rawPayload.equals(photo.data)).toBe(true);

      const answered = (await api.create(cast.operator)).code;
      expect((await api.act(cast.operator, answered, 'answer', { answer: 'Đã chuyển đội thoát nước xử lý.' })).statusCode).toBe(200);
      const late = await citizenUpload(answered, [{ name: 'phone', value: '0912 345 678' }, photo]);
      expect(late.statusCode).toBe(409);
      expect(late.json().code).toBe('attachment.not_accepted');
    });

    it('refuses a request that is not multipart or carries no file', async () => {
      const json = await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${code}/attachments`, headers: cast.operator.headers, payload: { file: 'x' } });
      expect(json.statusCode).toBe(415);
      expect((await upload(cast.operator.headers, code, [{ name: 'note', value: 'không có tệp' }])).statusCode).toBe(422);
    });
  },
  { env: { DATA_DIR: tempDataDir() } },
);

describeEachEngine(
  'ticket attachments over the size limit',
  (ctx) => {
    let cast: Cast;
    let code: string;
    const api = ticketApi(ctx, () => cast.operator);

    beforeAll(async () => {
      cast = await castOf(ctx);
      code = (await api.create(cast.operator)).code;
    });

    it('refuses a file over the limit with 413 and leaves no file on disk; one at the limit is taken', async () => {
      // Both engines' suites share the data folder: compare with what was there before.
      const before = storedFiles(ctx);
      const big = pngBytes(2049);
      const res = await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${code}/attachments`, ...multipart([{ name: 'file', fileName: 'lon.png', type: 'image/png', data: big }], cast.operator.headers) });
      expect(res.statusCode).toBe(413);
      expect(res.json().code).toBe('attachment.too_large');
      expect(storedFiles(ctx)).toEqual(before);
      expect(before.filter((f) => f.startsWith(path.join(ctx.config.dataDir, 'attachments', 'tmp')))).toEqual([]);
      expect(await count(ctx, sql`SELECT count(*)::int AS n FROM attachments`)).toBe(0);

      const atLimit = pngBytes(2048);
      expect(atLimit.length).toBe(2048);
      const ok = await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${code}/attachments`, ...multipart([{ name: 'file', fileName: 'vua.png', type: 'image/png', data: atLimit }], cast.operator.headers) });
      expect(ok.statusCode).toBe(201);
      expect(storedFiles(ctx)).toContain(path.join(ctx.config.dataDir, 'attachments', sha256(atLimit).slice(0, 2), sha256(atLimit)));
    });
  },
  { env: { ATTACHMENT_MAX_BYTES: '2048', DATA_DIR: tempDataDir() } },
);
