import { ping, type Database } from '../../db/database.ts';
import { appliedMigrationCount, shippedMigrations } from '../../db/migrate.ts';
import { findHeartbeat, upsertHeartbeat } from './system.repository.ts';

/** Records that a scheduled job ran (the worker heartbeat). */
export async function recordHeartbeat(database: Database, name: string, at: Date): Promise<void> {
  await upsertHeartbeat(database.db, name, at);
}

export interface Readiness {
  ready: boolean;
  database: 'ok' | 'unreachable';
  migrations: { applied: number; expected: number; current: boolean } | null;
  lastHeartbeatAt: string | null;
}

/** Is the database reachable and its schema current? What the load balancer asks. */
export async function checkReadiness(database: Database): Promise<Readiness> {
  try {
    await ping(database);
  } catch {
    return { ready: false, database: 'unreachable', migrations: null, lastHeartbeatAt: null };
  }
  const applied = await appliedMigrationCount(database);
  const expected = shippedMigrations().length;
  const heartbeat = await findHeartbeat(database.db, 'system.heartbeat');
  const current = applied >= expected;
  return {
    ready: current,
    database: 'ok',
    migrations: { applied, expected, current },
    lastHeartbeatAt: heartbeat?.lastRunAt.toISOString() ?? null,
  };
}
