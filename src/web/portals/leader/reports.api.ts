// The reports API as the supervisor's and leaders' pages use it: the prolonged list, timeliness
// per agency for a period.
import { api } from '../../api/client.ts';
import { ticketKeys } from '../../features/tickets/tickets.api.ts';

export type ProlongedReason =
  | { kind: 'overdue'; stage: string | null; dueAt: string; overdueWorkingDays: number }
  | { kind: 'reopened'; reopenCount: number };

export interface ProlongedItem {
  code: string;
  title: string;
  type: string;
  domainCode: string | null;
  status: string;
  leadAgencyCode: string | null;
  leadAgencyName: string | null;
  createdAt: string;
  reopenCount: number;
  overdueWorkingDays: number | null;
  reasons: ProlongedReason[];
  /** The reasons in one Vietnamese sentence (the page composes its own, in the UI's language). */
  reason: string;
}

export interface ProlongedReport {
  generatedAt: string;
  overdueWorkingDaysAbove: number;
  reopenCountAtLeast: number;
  items: ProlongedItem[];
}

export interface TimelinessRow {
  agencyCode: string;
  agencyName: string;
  received: number;
  answeredOnTime: number;
  answeredLate: number;
  stillOpen: number;
  handedOver: number;
  averageWorkingDaysToAnswer: number | null;
}

export interface TimelinessReport {
  from: string;
  to: string;
  items: TimelinessRow[];
}

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

