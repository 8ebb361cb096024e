/**
 * Live updates for consoles: the instance's change feed fanned out to the open streams, each
 * hearing only the changes to tickets its user may see (the same scope as the ticket lists).
 */
import type { Logger } from 'pino';
import type { Database } from '../../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { scopeOf } from '../tickets/tickets.service.ts';
import { createChangeFeed, type ChangeFeed, type FeedSignal, type TicketChange } from './change-feed.ts';
import { findChangeAudience } from './live.repository.ts';

/** What a stream is told: a ticket changed, its user got a notification, or it should reload (changes may have been missed). */
export type LiveEvent =
  | { kind: 'ticket'; code: string; status: string; at: string }
  | { kind: 'notification'; id: number; notificationKind: string; title: string }
  | { kind: 'resync' };

export interface LiveSink {
  deliver(event: LiveEvent): void;
  /** Ends the stream (the app is closing). */
  end(): void;
}

export interface LiveHub {
  /** Makes sure the change feed listens; call before opening a stream. */
  ready(): Promise<void>;
  /** Attaches a stream for the actor; returns the function that detaches it. */
  watch(actor: Actor, sink: LiveSink): () => void;
  /** The number of open streams. */
  size(): number;
  /** Ends every stream (before the HTTP server closes, which would otherwise wait for them). */
  endAll(): void;
  /** Ends every stream and stops the feed. */
  close(): Promise<void>;
}

export interface LiveDeps {
  database: Database;
  log: Logger;
}

interface Watcher {
  /** undefined: the actor reads every ticket; otherwise the actor's unit. */
  unitId: string | undefined;
  /** The stream's user: only they hear of their notifications. */
  userId: string | null;
  sink: LiveSink;
}

/** The hub of one app instance, over its own change feed unless one is given. */
export function createLiveHub(deps: LiveDeps, feed: ChangeFeed = createChangeFeed(deps.database, deps.log)): LiveHub {
  const watchers = new Set<Watcher>();
  // Changes are handled one after another, so every stream hears them in commit order.
  let queue: Promise<void> = Promise.resolve();

  const send = (w: Watcher, event: LiveEvent) => {
    try {
      w.sink.deliver(event);
    } catch (err) {
      deps.log.warn({ err }, 'live stream delivery failed');
    }
  };

  const dispatch = async (change: TicketChange) => {
    if (watchers.size === 0) return;
    const audience = await findChangeAudience(deps.database.db, change.code);
    if (!audience) return;
    const units = new Set(audience.unitIds);
    const event: LiveEvent = { kind: 'ticket', code: change.code, status: change.status, at: audience.at.toISOString() };
    for (const w of watchers) if (w.unitId === undefined || units.has(w.unitId)) send(w, event);
  };

  const onSignal = (signal: FeedSignal) => {
    if (signal.kind === 'resync') {
      for (const w of watchers) send(w, { kind: 'resync' });
      return;
    }
    if (signal.kind === 'notification') {
      const { notice } = signal;
      for (const w of watchers) if (w.userId === notice.userId) send(w, { kind: 'notification', id: notice.id, notificationKind: notice.kind, title: notice.title });
      return;
    }
    queue = queue.then(() => dispatch(signal.change)).catch((err: unknown) => deps.log.error({ err, code: signal.change.code }, 'live: could not dispatch a ticket change'));
  };
  const unsubscribe = feed.subscribe(onSignal);

  const endAll = () => {
    for (const w of [...watchers]) {
      watchers.delete(w);
      try {
        w.sink.end();
      } catch {
        // the connection is already gone
      }
    }
  };

  return {
    ready: () => feed.start(),
    watch(actor, sink) {
      const scope = scopeOf(actor);
      const watcher: Watcher = { unitId: scope.kind === 'all' ? undefined : scope.unitId, userId: actor.userId, sink };
      watchers.add(watcher);
      return () => {
        watchers.delete(watcher);
      };
    },
    size: () => watchers.size,
    endAll,
    async close() {
      endAll();
      unsubscribe();
      await queue;
      await feed.stop();
    },
  };
}
