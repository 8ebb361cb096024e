/** SQL for the outbox. */
import type { Executor } from '../../db/database.ts';
import { outboxMessages } from '../../db/schema/index.ts';

export async function insertMessage(t: Executor, values: typeof outboxMessages.$inferInsert): Promise<boolean> {
  const rows = await t.insert(outboxMessages).values(values).onConflictDoNothing({ target: outboxMessages.dedupeKey }).returning({ id: outboxMessages.id });
  return rows.length > 0;
}
