/** SQL for the answer links of email-only agencies. */
import { and, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { agencyAnswerLinks, domains, orgUnits, tickets } from '../../db/schema/index.ts';

export type LinkRow = typeof agencyAnswerLinks.$inferSelect;

export async function insertLink(t: Executor, values: typeof agencyAnswerLinks.$inferInsert): Promise<LinkRow> {
  const [row] = await t.insert(agencyAnswerLinks).values(values).returning();
  return row!;
}

/** Revokes every live link of the ticket (a re-forward, a send-back or a reopening issues a new one). */
export async function revokeLinks(t: Executor, ticketId: string, at: Date): Promise<void> {
  await t
    .update(agencyAnswerLinks)
    .set({ revokedAt: at })
    .where(and(eq(agencyAnswerLinks.ticketId, ticketId), isNull(agencyAnswerLinks.usedAt), isNull(agencyAnswerLinks.revokedAt)));
}

/** The link by the hash of its token; locked for the rest of the transaction when `lock`. */
export async function findByHash(t: Executor, tokenHash: string, lock: boolean): Promise<LinkRow | undefined> {
  const query = t.select().from(agencyAnswerLinks).where(eq(agencyAnswerLinks.tokenHash, tokenHash));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function markUsed(t: Executor, id: string, at: Date): Promise<void> {
  await t.update(agencyAnswerLinks).set({ usedAt: at }).where(eq(agencyAnswerLinks.id, id));
}

export interface LinkedTicket {
  id: string;
  code: string;
  title: string;
  content: string;
  status: string;
  leadAgencyId: string | null;
  contactName: string | null;
  contactPhone: string | null;
  answerDueAt: Date | null;
  stageDueAt: Date | null;
  domainName: string | null;
  agencyName: string;
  agencyCode: string;
}

export async function findLinkedTicket(db: Executor, link: LinkRow): Promise<LinkedTicket | undefined> {
  const [row] = await db
    .select({
      id: tickets.id,
      code: tickets.code,
      title: tickets.title,
      content: tickets.content,
      status: tickets.status,
      leadAgencyId: tickets.leadAgencyId,
      contactName: tickets.contactName,
      contactPhone: tickets.contactPhone,
      answerDueAt: tickets.answerDueAt,
      stageDueAt: tickets.stageDueAt,
      domainName: domains.name,
      agencyName: orgUnits.name,
      agencyCode: orgUnits.code,
    })
    .from(tickets)
    .innerJoin(orgUnits, eq(orgUnits.id, link.agencyId))
    .leftJoin(domains, eq(domains.code, tickets.domainCode))
    .where(eq(tickets.id, link.ticketId));
  return row;
}

export interface EmailOnlyUnit {
  id: string;
  code: string;
  name: string;
  email: string | null;
  emailOnly: boolean;
}

export async function findUnit(db: Executor, id: string): Promise<EmailOnlyUnit | undefined> {
  const [row] = await db.select({ id: orgUnits.id, code: orgUnits.code, name: orgUnits.name, email: orgUnits.email, emailOnly: orgUnits.emailOnly }).from(orgUnits).where(eq(orgUnits.id, id));
  return row;
}
