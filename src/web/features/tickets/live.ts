// Live updates: one server-sent-events stream per browser tab, shared by whoever listens (the
// pages' ticket queries, the shell's notification bell), so queues, counters and the bell
// refresh without polling. It closes when the last listener goes.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ticketKeys } from './tickets.api.ts';

export const LIVE_TICKETS_URL = '/api/v1/live/tickets';

/** `ticket`: a ticket in scope changed; `notification`: a new notification of mine; `resync`: reload everything. */
type LiveEvent = 'ticket' | 'notification' | 'resync';
type Listener = (event: LiveEvent) => void;

const listeners = new Set<Listener>();
let source: EventSource | null = null;

function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  if (!source && typeof EventSource !== 'undefined') {
    const stream = new EventSource(LIVE_TICKETS_URL, { withCredentials: true });
    for (const event of ['ticket', 'notification', 'resync'] as const) {
      stream.addEventListener(event, () => listeners.forEach((notify) => notify(event)));
    }
    source = stream;
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      source?.close();
      source = null;
    }
  };
}

/** Refreshes the ticket queries on `event: ticket` and `event: resync` while the page is open. */
export function useLiveTickets(): void {
  const queryClient = useQueryClient();
  useEffect(() => subscribe((event) => event !== 'notification' && void queryClient.invalidateQueries({ queryKey: ticketKeys.all })), [queryClient]);
}

/** Calls `onNotification` on `event: notification` (and `resync`) while `enabled`. */
export function useLiveNotifications(enabled: boolean, onNotification: () => void): void {
  useEffect(() => (enabled ? subscribe((event) => event !== 'ticket' && onNotification()) : undefined), [enabled, onNotification]);
}
