// The reports API as the supervisor's and leaders' pages use it: the prolonged list, timeliness
// per agency for a period.
import type { ProlongedReport, TimelinessReport } from '../../../common/reports.ts';
import { api } from '../../api/client.ts';
import { ticketKeys } from '../../features/tickets/tickets.api.ts';

export type { ProlongedItem, ProlongedReason, ProlongedReport, TimelinessReport, TimelinessRow } from '../../../common/reports.ts';

// Under ticketKeys.all, so the live stream refreshes them with the queues.
export const reportKeys = {
  prolonged: [...ticketKeys.all, 'reports', 'prolonged'] as const,
  // Not live: a period's figures are read on demand.
  timeliness: (from: string, to: string) => ['reports', 'timeliness', from, to] as const,
};

export function getProlonged(signal?: AbortSignal): Promise<ProlongedReport> {
  return api.get('/api/v1/reports/prolonged', signal);
}

export function getTimeliness(from: string, to: string, signal?: AbortSignal): Promise<TimelinessReport> {
  return api.get(`/api/v1/reports/timeliness?from=${from}&to=${to}`, signal);
}

