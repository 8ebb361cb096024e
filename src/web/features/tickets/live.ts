// Live queues: the server's change stream (SSE) invalidates the cached ticket queries, so
// counters, lists and an open ticket refresh without polling.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ticketKeys } from './tickets.api.ts';

export const LIVE_TICKETS_URL = '/api/v1/live/tickets';

/** Listens to `event: ticket` and `event: resync` while the page is open. */
export function useLiveTickets(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return undefined;
    const source = new EventSource(LIVE_TICKETS_URL, { withCredentials: true });
    const refresh = () => void queryClient.invalidateQueries({ queryKey: ticketKeys.all });
    source.addEventListener('ticket', refresh);
    source.addEventListener('resync', refresh);
    return () => source.close();
  }, [queryClient]);
}
