/**
 * The ticket change feed of one app instance: the `ticket_changes` notifications that the
 * tickets module sends inside its transactions (so they arrive at commit), heard once per
 * process and handed to every subscriber. On PGlite the embedded database's own LISTEN; on
 * PostgreSQL a dedicated connection (a pooled one could not keep a LISTEN), reconnected with
 * backoff when it drops.
 */
import pg from 'pg';
import type { Logger } from 'pino';
import type { Database } from '../../db/database.ts';

export const CHANGE_CHANNEL = 'ticket_changes';
/** New in-app notifications (notifications module), each for one user. */
export const NOTIFICATION_CHANNEL = 'user_notifications';

/** One committed change, as the tickets module announces it. */
export interface TicketChange {
  code: string;
  status: string;
  agencyId: string | null;
}

/** A notification stored for a user, as the notifications module announces it. */
export interface UserNotice {
  id: number;
  userId: string;
  kind: string;
  title: string;
}

/** What a subscriber hears: a change, a user's notification, or word that changes may have been missed (reconnected). */
export type FeedSignal = { kind: 'change'; change: TicketChange } | { kind: 'notification'; notice: UserNotice } | { kind: 'resync' };

export interface ChangeFeed {
  /** Starts listening (once; later calls share the first); resolves when notifications flow. */
  start(): Promise<void>;
  /** Adds a subscriber; returns the function that removes it. */
  subscribe(listener: (signal: FeedSignal) => void): () => void;
  /** Stops listening and forgets the subscribers. */
  stop(): Promise<void>;
}

export interface ChangeFeedOptions {
  /** Waits before reconnecting to PostgreSQL: the n-th retry waits `min(base * 2^n, max)`. */
  backoff?: { baseMs: number; maxMs: number };
}

/** Parses a notification payload; anything malformed is ignored rather than trusted. */
export function parseChange(payload: string | undefined): TicketChange | undefined {
  if (!payload) return undefined;
  try {
    const value = JSON.parse(payload) as Partial<TicketChange>;
    if (typeof value.code !== 'string' || typeof value.status !== 'string') return undefined;
    return { code: value.code, status: value.status, agencyId: typeof value.agencyId === 'string' ? value.agencyId : null };
  } catch {
    return undefined;
  }
}

/** Parses a notification announcement; anything malformed is ignored. */
export function parseNotice(payload: string | undefined): UserNotice | undefined {
  if (!payload) return undefined;
  try {
    const v = JSON.parse(payload) as Partial<UserNotice>;
    if (typeof v.id !== 'number' || typeof v.userId !== 'string' || typeof v.kind !== 'string' || typeof v.title !== 'string') return undefined;
    return { id: v.id, userId: v.userId, kind: v.kind, title: v.title };
  } catch {
    return undefined;
  }
}

export function createChangeFeed(database: Database, log: Logger, options: ChangeFeedOptions = {}): ChangeFeed {
  const listeners = new Set<(signal: FeedSignal) => void>();
  const emit = (signal: FeedSignal) => {
    for (const listener of listeners) {
      try {
        listener(signal);
      } catch (err) {
        log.error({ err }, 'live feed subscriber failed');
      }
    }
  };
  const onPayload = (channel: string, payload: string | undefined) => {
    if (channel === NOTIFICATION_CHANNEL) {
      const notice = parseNotice(payload);
      if (notice) emit({ kind: 'notification', notice });
      else log.warn('live feed: malformed user notification ignored');
      return;
    }
    const change = parseChange(payload);
    if (change) emit({ kind: 'change', change });
    else log.warn('live feed: malformed ticket change notification ignored');
  };

  const source = database.pglite
    ? pgliteSource(database.pglite, onPayload)
    : postgresSource(database.url!, log, onPayload, () => emit({ kind: 'resync' }), options.backoff ?? { baseMs: 1000, maxMs: 30_000 });

  let starting: Promise<void> | undefined;
  let stopped = false;
  return {
    start() {
      if (stopped) return Promise.reject(new Error('live feed stopped'));
      // A failed first start is forgotten so that the next stream tries again.
      starting ??= source.start().catch((err: unknown) => {
        starting = undefined;
        throw err;
      });
      return starting;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      stopped = true;
      listeners.clear();
      if (starting) await starting.catch(() => {});
      await source.stop();
    },
  };
}

interface Source {
  start(): Promise<void>;
  stop(): Promise<void>;
}

function pgliteSource(pglite: NonNullable<Database['pglite']>, onPayload: (channel: string, payload: string) => void): Source {
  let unlisten: Array<() => Promise<void>> = [];
  return {
    async start() {
      unlisten = [
        await pglite.listen(CHANGE_CHANNEL, (p) => onPayload(CHANGE_CHANNEL, p)),
        await pglite.listen(NOTIFICATION_CHANNEL, (p) => onPayload(NOTIFICATION_CHANNEL, p)),
      ];
    },
    async stop() {
      // The database may already be closed by then; nothing is left to undo in that case.
      if (!pglite.closed) for (const u of unlisten) await u().catch(() => {});
      unlisten = [];
    },
  };
}

function postgresSource(
  url: string,
  log: Logger,
  onPayload: (channel: string, payload: string | undefined) => void,
  onResync: () => void,
  backoff: { baseMs: number; maxMs: number },
): Source {
  let client: pg.Client | undefined;
  let stopped = false;
  let retries = 0;
  let timer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, application_name: 'tongdai-1022-live' });
    c.on('notification', (msg) => {
      if (msg.channel === CHANGE_CHANNEL || msg.channel === NOTIFICATION_CHANNEL) onPayload(msg.channel, msg.payload);
    });
    // 'error' and then 'end' follow a lost connection; the first one reconnects.
    c.on('error', (err) => dropped(c, err));
    c.on('end', () => dropped(c, undefined));
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANGE_CHANNEL}`);
      await c.query(`LISTEN ${NOTIFICATION_CHANNEL}`);
    } catch (err) {
      c.removeAllListeners('end');
      await c.end().catch(() => {});
      throw err;
    }
    if (stopped) {
      await c.end().catch(() => {});
      return;
    }
    client = c;
  };

  const dropped = (c: pg.Client, err: Error | undefined) => {
    if (c !== client) return;
    client = undefined;
    c.end().catch(() => {});
    if (stopped) return;
    log.warn({ err }, 'live feed: the LISTEN connection to PostgreSQL dropped; reconnecting');
    scheduleReconnect();
  };

  const scheduleReconnect = () => {
    const delay = Math.min(backoff.baseMs * 2 ** retries, backoff.maxMs);
    retries++;
    timer = setTimeout(() => {
      timer = undefined;
      if (stopped) return;
      connect().then(
        () => {
          if (stopped) return;
          log.info({ retries }, 'live feed: listening to PostgreSQL again');
          retries = 0;
          // Changes committed while the connection was down were not heard.
          onResync();
        },
        (err: unknown) => {
          if (stopped) return;
          log.warn({ err, retries, nextInMs: Math.min(backoff.baseMs * 2 ** retries, backoff.maxMs) }, 'live feed: reconnect failed');
          scheduleReconnect();
        },
      );
    }, delay);
  };

  return {
    start: connect,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = undefined;
      if (c) await c.end().catch(() => {});
    },
  };
}
