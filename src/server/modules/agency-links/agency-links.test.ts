import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/database.ts';
import { signIn } from '../../../test/auth-helpers.ts';
import { describeEachEngine } from '../../../test/harness.ts';
import { PASSWORD, castOf, ticketApi, type Cast } from '../../../test/ticket-fixtures.ts';
import { runDeadlineAlerts } from '../notifications/deadline-alerts.ts';
import { maskPersonalData } from './agency-links.service.ts';

const local = (isoLocal: string) => new Date(`${isoLocal}+07:00`);
const DAY = 86_400_000;
const UNIT_EMAIL = 'ubnd.caolanh@dongthap.gov.vn';
const CONTENT = 'Cống trước nhà số 12 đường Lê Lợi bị tắc. Liên hệ Nguyễn Văn An, điện thoại 0912 345 678 hoặc an.nguyen@gmail.com.';

it('masks the citizen’s phone numbers, email addresses and name', () => {
  expect(maskPersonalData(CONTENT, { name: 'Nguyễn Văn An', phone: '+84912345678' })).toBe(
    'Cống trước nhà số 12 đường Lê Lợi bị tắc. Liên hệ Nguyễn V** A*, điện thoại 091****678 hoặc a********@gmail.com.',
  );
});

describeEachEngine(
  'email-only agencies answer through a signed link',
  (ctx) => {
    let cast: Cast;
    const api = ticketApi(ctx, () => cast.operator);
    const page = (token: string) => ctx.app.inject({ method: 'GET', url: `/api/v1/public/agency-answers/${token}` });
    const answer = (token: string, body: Record<string, unknown> = { answer: 'UBND phường đã cho nạo vét cống ngày 05/3.', responderName: 'Trần Thị Bình', responderTitle: 'Phó Chủ tịch' }) =>
      ctx.app.inject({ method: 'POST', url: `/api/v1/public/agency-answers/${token}`, payload: body });
    /** The links queued for the ticket, oldest first, read from the outbox (as the mail would carry them). */
    const linksOf = async (code: string) =>
      (
        await queryRows<{ recipient: string; body: string }>(
          ctx.database.db,
          sql`SELECT o.recipient, o.body FROM outbox_messages o JOIN tickets t ON t.id = o.ticket_id WHERE t.code = ${code} AND o.kind = 'agency_link' ORDER BY o.created_at`,
        )
      ).map((m) => ({ recipient: m.recipient, body: m.body, token: /\/tra-loi\/([A-Za-z0-9_-]+)/.exec(m.body)![1]! }));
    const forwardToCaoLanh = async () => {
      const { code } = await api.create(cast.operator, { content: CONTENT, contact: { name: 'Nguyễn Văn An', phone: '0912 345 678' } });
      const res = await api.act(cast.operator, code, 'forward', { leadAgencyCode: 'phuong-cao-lanh', note: 'Đề nghị phường xử lý.' });
      expect(res.statusCode).toBe(200);
      return code;
    };
    const signInAgain = async () => {
      cast = { ...cast, operator: await signIn(ctx.app, 'op1', PASSWORD), ytFocal: await signIn(ctx.app, 'yt.focal', PASSWORD) };
    };

    beforeAll(async () => {
      ctx.clock.set(local('2026-03-02T09:00:00'));
      cast = await castOf(ctx);
      await ctx.database.db.execute(sql`UPDATE org_units SET email_only = true, email = ${UNIT_EMAIL} WHERE code = 'phuong-cao-lanh'`);
    });

    it('emails a link on forwarding, stores only its hash, and the answer goes to the hotline’s review', async () => {
      await signInAgain();
      const code = await forwardToCaoLanh();
      const [mail] = await linksOf(code);
      expect(mail!.recipient).toBe(UNIT_EMAIL);
      expect(mail!.body).toContain(`http://localhost:3000/tra-loi/${mail!.token}`);
      expect(mail!.body).toContain('Đề nghị phường xử lý.');
      expect(mail!.body).not.toContain('0912 345 678');
      const [link] = await queryRows<{ token_hash: string; email: string; expires_at: Date | string; created_at: Date | string }>(
        ctx.database.db,
        sql`SELECT l.token_hash, l.email, l.expires_at, l.created_at FROM agency_answer_links l JOIN tickets t ON t.id = l.ticket_id WHERE t.code = ${code}`,
      );
      expect(link!.token_hash).not.toContain(mail!.token);
      expect(new Date(link!.expires_at).getTime() - new Date(link!.created_at).getTime()).toBe(10 * DAY);

      const view = await page(mail!.token);
      expect(view.statusCode).toBe(200);
      const shown = view.json();
      expect(shown).toMatchObject({ code, status: 'forwarded', agencyName: expect.stringContaining('Cao Lãnh') as string, domainName: null, expiresAt: new Date(new Date(link!.expires_at).getTime()).toISOString() });
      expect(Object.keys(shown).sort()).toEqual(['agencyName', 'answerDueAt', 'code', 'content', 'domainName', 'expiresAt', 'status', 'title']);
      expect(JSON.stringify(shown)).not.toMatch(/0912 345 678|Nguyễn Văn An|an\.nguyen@gmail\.com/);

      const sent = await answer(mail!.token);
      expect(sent.statusCode).toBe(200);
      expect(sent.json()).toEqual({ code, status: 'answer_submitted' });
      const events = await queryRows<{ action: string; actor_label: string; actor_id: string | null; data: { via?: string } | null }>(
        ctx.database.db,
        sql`SELECT e.action, e.actor_label, e.actor_id, e.data FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.code = ${code} AND e.action IN ('accept', 'submit-answer') ORDER BY e.id`,
      );
      expect(events.map((e) => e.action)).toEqual(['accept', 'submit-answer']);
      for (const e of events) {
        expect(e.actor_label).toBe('Trần Thị Bình, Phó Chủ tịch (Phường Cao Lãnh, qua liên kết email)');
        expect(e.actor_id).toBeNull();
        expect(e.data?.via).toBe('agency_link');
      }
      const audit = await queryRows<{ action: string; actor_label: string }>(
        ctx.database.db,
        sql`SELECT a.action, a.actor_label FROM audit_log a JOIN tickets t ON t.id::text = a.entity_id::text WHERE t.code = ${code} AND a.action IN ('ticket.accept', 'ticket.submit-answer') ORDER BY a.id`,
      );
      expect(audit.map((a) => a.action)).toEqual(['ticket.accept', 'ticket.submit-answer']);
      const ticket = (await api.get(cast.operator, code)).body as unknown as { status: string; deadline: { stage: string } };
      expect(ticket.status).toBe('answer_submitted');
      expect(ticket.deadline.stage).toBe('review');

      // Used once: refused afterwards, reading included.
      expect((await answer(mail!.token)).json()).toMatchObject({ status: 409, code: 'agency_link.used' });
      expect((await page(mail!.token)).json()).toMatchObject({ status: 409, code: 'agency_link.used' });

      // The same review as any agency answer: a send-back mails a fresh link with the note; the answer then approved.
      expect((await api.act(cast.operator, code, 'send-back', { note: 'Đề nghị nêu rõ thời gian hoàn thành.' })).body.status).toBe('in_progress');
      const again = (await linksOf(code))[1]!;
      expect(again.body).toContain('Đề nghị nêu rõ thời gian hoàn thành.');
      expect((await page(again.token)).json()).toMatchObject({ code, status: 'in_progress' });
      expect((await answer(again.token, { answer: 'Đã nạo vét xong ngày 05/3/2026.', responderName: 'Trần Thị Bình' })).json()).toEqual({ code, status: 'answer_submitted' });
      expect((await api.act(cast.operator, code, 'approve')).body.status).toBe('answered');
      expect((await api.get(cast.operator, code)).body.answer).toBe('Đã nạo vét xong ngày 05/3/2026.');
    });

    it('refuses forged, malformed, expired, revoked and no-longer-waiting links', async () => {
      await signInAgain();
      for (const forged of [randomBytes(32).toString('base64url'), 'abc', `${'x'.repeat(43)}.sig`]) {
        expect((await page(forged)).json()).toMatchObject({ status: 404, code: 'agency_link.invalid' });
        expect((await answer(forged)).json()).toMatchObject({ status: 404, code: 'agency_link.invalid' });
      }

      const expiring = await forwardToCaoLanh();
      const { token: old } = (await linksOf(expiring))[0]!;
      const start = ctx.clock.now();
      ctx.clock.set(new Date(start.getTime() + 10 * DAY - 60_000));
      expect((await page(old)).statusCode).toBe(200);
      ctx.clock.set(new Date(start.getTime() + 10 * DAY));
      expect((await page(old)).json()).toMatchObject({ status: 410, code: 'agency_link.expired' });
      expect((await answer(old)).json()).toMatchObject({ status: 410, code: 'agency_link.expired' });
      await signInAgain();
      expect((await api.get(cast.operator, expiring)).body.status).toBe('forwarded');
      // The unit never answered: the hotline recalls the ticket to route it again, and a fresh link
      // the unit had would stop working too.
      const recalled = await api.act(cast.operator, expiring, 'recall', { reason: 'Phường chưa phản hồi; chuyển lại.' });
      expect(recalled.statusCode).toBe(200);
      expect(recalled.body).toMatchObject({ status: 'returned', deadline: { stage: 'triage' } });
      expect((await api.act(cast.operator, expiring, 'forward', { leadAgencyCode: 'phuong-cao-lanh' })).body.status).toBe('forwarded');
      const { token: fresh } = (await linksOf(expiring))[1]!;
      expect((await page(fresh)).statusCode).toBe(200);
      await api.act(cast.operator, expiring, 'recall', { reason: 'Chuyển nhầm.' });
      expect((await page(fresh)).json()).toMatchObject({ status: 409, code: 'agency_link.used' });

      // Re-forwarding revokes the earlier link. (A unit switched to email-only that still has a focal point who returns it.)
      await ctx.database.db.execute(sql`UPDATE org_units SET email_only = true, email = 'syt@dongthap.gov.vn' WHERE code = 'so-y-te'`);
      try {
        const { code } = await api.create(cast.operator);
        await api.act(cast.operator, code, 'forward', { leadAgencyCode: 'so-y-te' });
        const first = (await linksOf(code))[0]!;
        expect(first.recipient).toBe('syt@dongthap.gov.vn');
        expect((await api.act(cast.ytFocal, code, 'return', { reason: 'Không thuộc thẩm quyền.' })).body.status).toBe('returned');
        expect((await page(first.token)).json()).toMatchObject({ status: 409, code: 'agency_link.used' });
        await api.act(cast.operator, code, 'forward', { leadAgencyCode: 'so-y-te' });
        const [, second] = await linksOf(code);
        expect((await page(first.token)).json()).toMatchObject({ status: 409, code: 'agency_link.used' });
        expect((await page(second!.token)).statusCode).toBe(200);

        // Waiting for the citizen: the ticket no longer waits for the agency's answer.
        await api.act(cast.ytFocal, code, 'accept');
        await api.act(cast.ytFocal, code, 'request-info', { question: 'Xin địa chỉ cụ thể.' });
        expect((await page(second!.token)).json()).toMatchObject({ status: 409, code: 'agency_link.not_waiting' });
        expect((await answer(second!.token)).json()).toMatchObject({ status: 409, code: 'agency_link.not_waiting' });
      } finally {
        await ctx.database.db.execute(sql`UPDATE org_units SET email_only = false, email = NULL WHERE code = 'so-y-te'`);
      }
    });

    it('refuses forwarding to an email-only unit without an address, saving nothing', async () => {
      await signInAgain();
      await ctx.database.db.execute(sql`UPDATE org_units SET email_only = true, email = NULL WHERE code = 'so-xay-dung'`);
      try {
        const { code } = await api.create(cast.operator);
        const res = await api.act(cast.operator, code, 'forward', { leadAgencyCode: 'so-xay-dung' });
        expect(res.statusCode).toBe(422);
        expect(res.body).toMatchObject({ code: 'agency_link.no_email' });
        expect((await api.get(cast.operator, code)).body.status).toBe('new');
      } finally {
        await ctx.database.db.execute(sql`UPDATE org_units SET email_only = false WHERE code = 'so-xay-dung'`);
      }
    });

    it('sends an email-only unit its reminders at its address', async () => {
      ctx.clock.set(local('2026-06-01T09:00:00')); // a Monday
      await signInAgain();
      const code = await forwardToCaoLanh();
      ctx.clock.set(local('2026-06-01T17:00:00'));
      await runDeadlineAlerts({ database: ctx.database, clock: ctx.clock });
      const mails = await queryRows<{ recipient: string; kind: string }>(
        ctx.database.db,
        sql`SELECT o.recipient, o.kind FROM outbox_messages o JOIN tickets t ON t.id = o.ticket_id WHERE t.code = ${code} ORDER BY o.created_at`,
      );
      expect(mails).toEqual([
        { recipient: UNIT_EMAIL, kind: 'agency_link' },
        { recipient: UNIT_EMAIL, kind: 'deadline.reminder' },
      ]);
    });
  },
  { env: { SESSION_IDLE_MINUTES: '1440', SESSION_ABSOLUTE_HOURS: '720' } },
);
