/** The reports contract shared by the server's reports API and the leaders' pages. */

export type ProlongedReason = { kind: 'overdue'; stage: string | null; dueAt: string; overdueWorkingDays: number } | { kind: 'reopened'; reopenCount: number };

/** One ticket of the prolonged list (`GET /api/v1/reports/prolonged`). */
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
  /** The reasons in one Vietnamese sentence, for display and export (the web composes its own, in the UI's language). */
  reason: string;
}

export interface ProlongedReport {
  generatedAt: string;
  overdueWorkingDaysAbove: number;
  reopenCountAtLeast: number;
  items: ProlongedItem[];
}

/** One lead agency's row of the timeliness report (`GET /api/v1/reports/timeliness`). */
export interface TimelinessRow {
  agencyCode: string;
  agencyName: string;
  received: number;
  answeredOnTime: number;
  answeredLate: number;
  stillOpen: number;
  /** Sent back as not theirs, re-routed elsewhere, or rejected: neither answered nor open with them. */
  handedOver: number;
  averageWorkingDaysToAnswer: number | null;
}

export interface TimelinessReport {
  from: string;
  to: string;
  items: TimelinessRow[];
}
