import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { queryRows, tx } from '../../db/database.ts';
import { describeEachEngine } from '../../../test/harness.ts';
import { recordAudit, systemAuditActor, verifyAuditChain } from '../audit/audit.service.ts';

describeEachEngine(
  'a citizen submission',
  (ctx) => {
    const submit = (body: Record<string, unknown>, key?: string) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/public/tickets',
        headers: key ? { 'idempotency-key': key } : {},
        payload: { name: 'Lê Thị Hoa', phone: '0903 111 222', content: 'Cống thoát nước trước chợ bị tắc, nước tràn lên mặt đường.', publicConsent: false, consent: true, ...body },
      });
    const outboxOf = (code: string) =>
      queryRows<{ channel: string; recipient: string; subject: string | null; body: string; kind: string; dedupe_key: string; status: string }>(
        ctx.database.db,
        sql`SELECT o.channel, o.recipient, o.subject, o.body, o.kind, o.dedupe_key, o.status FROM outbox_messages o JOIN tickets t ON t.id = o.ticket_id WHERE t.code = ${code} ORDER BY o.channel`,
      );

    it('queues an SMS acknowledgement with the code, in the same transaction, and an email when one is given', async () => {
      const sms = await submit({}, 'ack-sms-only-0001');
      expect(sms.statusCode).toBe(201);
      const { code } = sms.json() as { code: string };
      const [message, ...more] = await outboxOf(code);
      expect(more).toHaveLength(0);
      expect(message).toMatchObject({ channel: 'sms', recipient: '+84903111222', kind: 'ticket.received', status: 'pending' });
      expect(message!.body).toContain(code);
      expect(message!.dedupe_key).toMatch(/^ticket\.received:[0-9a-f-]{36}:sms$/);

      const both = await submit({ email: 'Hoa.Le@Example.vn' }, 'ack-with-email-0001');
      const rows = await outboxOf((both.json() as { code: string }).code);
      expect(rows.map((r) => [r.channel, r.recipient])).toEqual([
        ['email', 'hoa.le@example.vn'],
        ['sms', '+84903111222'],
      ]);
      expect(rows[0]!.subject).toContain((both.json() as { code: string }).code);
    });

    it('answers a retry with the same code and queues nothing more', async () => {
      const first = await submit({}, 'retry-key-000001');
      const again = await submit({}, 'retry-key-000001');
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ code: first.json().code, replayed: true });
      expect(await outboxOf(first.json().code)).toHaveLength(1);
    });

    it('recognises a returning citizen by phone: fills in what was missing, overwrites nothing', async () => {
      const a = await submit({ name: 'Phạm Văn Tâm', phone: '0977 000 111' }, 'contact-key-0001');
      const b = await submit({ name: 'Tâm (tên khác)', phone: '+84977000111', email: 'tam@example.vn' }, 'contact-key-0002');
      const contacts = await queryRows<{ contact_id: string; name: string; email: string | null; phones: number }>(
        ctx.database.db,
        sql`SELECT t.contact_id, c.name, c.email, (SELECT count(*)::int FROM contact_phones p WHERE p.contact_id = c.id) AS phones
            FROM tickets t JOIN contacts c ON c.id = t.contact_id WHERE t.code IN (${a.json().code}, ${b.json().code})`,
      );
      expect(new Set(contacts.map((c) => c.contact_id)).size).toBe(1);
      expect(contacts[0]).toMatchObject({ name: 'Phạm Văn Tâm', email: 'tam@example.vn', phones: 1 });
    });

    it('gives concurrent submissions gapless codes, each with its history, audit row and acknowledgement', async () => {
      const year = ctx.clock.now().getUTCFullYear();
      const [before] = await queryRows<{ last: number }>(ctx.database.db, sql`SELECT coalesce(max(last), 0)::int AS last FROM ticket_code_counters WHERE year = ${year}`);
      // Among them, three the database refuses (no such commune): they take no number.
      const refused = new Set([3, 11, 20]);
      const [all] = await Promise.all([
        Promise.all(
          Array.from({ length: 27 }, (_, i) =>
            submit({ phone: `0912 000 ${String(100 + i)}`, ...(refused.has(i) ? { communeCode: 'khong-co-xa-nay' } : {}) }, `parallel-key-${String(i).padStart(4, '0')}`),
          ),
        ),
        // Meanwhile other changes are audited on the same chains, each in a transaction of its own.
        Promise.all(
          Array.from({ length: 16 }, (_, i) =>
            tx(ctx.database, (t) => recordAudit(t, systemAuditActor, { action: 'test.meanwhile', entityType: 'ticket', entityId: `M-${i}`, changes: { i } }, ctx.clock.now())),
          ),
        ),
      ]);
      expect(all.filter((_, i) => refused.has(i)).map((r) => r.statusCode)).toEqual([422, 422, 422]);
      const answers = all.filter((_, i) => !refused.has(i));
      expect(answers.every((r) => r.statusCode === 201)).toBe(true);
      const numbers = answers.map((r) => Number((r.json() as { code: string }).code.split('-')[2])).sort((x, y) => x - y);
      expect(numbers).toEqual(Array.from({ length: 24 }, (_, i) => before!.last + 1 + i));
      const [complete] = await queryRows<{ n: number }>(
        ctx.database.db,
        sql`SELECT count(*)::int AS n FROM tickets t
            WHERE EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = t.id AND e.action = 'created')
              AND EXISTS (SELECT 1 FROM audit_log a WHERE a.entity_id = t.id::text AND a.action = 'ticket.created')
              AND EXISTS (SELECT 1 FROM outbox_messages o WHERE o.ticket_id = t.id AND o.kind = 'ticket.received')
              AND EXISTS (SELECT 1 FROM interactions i WHERE i.ticket_id = t.id)
              AND t.code IN ${answers.map((r) => r.json().code as string)}`,
      );
      expect(complete!.n).toBe(24);
      expect(await verifyAuditChain(ctx.database.db)).toMatchObject({ ok: true });
      // The counter and every chain's head stand at what was written last.
      const [counter] = await queryRows<{ last: number }>(ctx.database.db, sql`SELECT last::int FROM ticket_code_counters WHERE year = ${year}`);
      expect(counter!.last).toBe(numbers.at(-1));
      const stale = await queryRows<{ chain: number }>(
        ctx.database.db,
        sql`SELECT h.chain FROM audit_chain_heads h
            LEFT JOIN LATERAL (SELECT seq, prev_hash, hash FROM audit_log a WHERE a.chain = h.chain ORDER BY seq DESC LIMIT 1) a ON true
            WHERE (h.seq, h.prev_hash, h.hash) IS DISTINCT FROM (a.seq, a.prev_hash, a.hash)`,
      );
      expect(stale).toEqual([]);
    });
  },
  { env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' } },
);
