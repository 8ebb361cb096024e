/**
 * What the demo generator plans for a ticket (TicketPlan, rows ready for the bulk INSERTs) and
 * what it needs to know of the database (DemoContext).
 */
import type { Channel, TicketStatus } from '../../common/tickets.ts';
import type { WorkingCalendar } from '../modules/calendar/working-time.ts';
import type { PolicyLimits } from '../modules/deadlines/stage-clock.ts';

export interface DemoUnit {
  id: string;
  code: string;
  name: string;
}

export interface DemoActor {
  id: string | null;
  label: string;
}

/** What the generator needs to know about the database: reference data and staff. */
export interface DemoContext {
  domains: ReadonlyArray<{ code: string; defaultAgencyId: string | null }>;
  /** Agencies in force by code. */
  agencies: ReadonlyMap<string, DemoUnit>;
  communes: ReadonlyArray<DemoUnit & { kind: string }>;
  outOfScopeCodes: readonly string[];
  /** Operators and supervisors; when empty, events name a demo label. */
  hotline: readonly DemoActor[];
  /** Supervisors, who decide extension requests; when empty, one of `hotline` does. */
  supervisors?: readonly DemoActor[];
  /** Focal points by org unit id. */
  focalByUnit: ReadonlyMap<string, readonly DemoActor[]>;
  /**
   * Deadline policy versions and the working calendar: each ticket keeps the version in force on
   * its (local) creation date and runs its stage clock through its history, as the product does.
   * Without them tickets have no clock.
   */
  deadlines?: { policies: ReadonlyArray<PolicyLimits & { id: string; effectiveFrom: string; effectiveTo: string | null }>; calendar: WorkingCalendar };
}

/** The seed's channel mix (Đồng Tháp: most contacts are calls). */
export const CHANNEL_MIX: Readonly<Partial<Record<Channel, number>>> = { phone_in: 83, zalo: 6, web: 6, facebook: 3.5, email: 1, app: 0.5 };

export type Row = Record<string, unknown>;

export interface TicketPlan {
  /** The local (UTC+7) year, for the code. */
  year: number;
  ticket: Row & { id: string; code: string; title: string; status: TicketStatus };
  contact: Row | null;
  phone: Row | null;
  agencies: Row[];
  events: Row[];
  interactions: Row[];
  /** The lead agency's request for more time (ticket_extensions), when it asked. */
  extension: Row | null;
  /** The ticket this one duplicates. */
  master: TicketPlan | null;
}

/** Gives the plan its code, and its duplicate-link event the master's code. */
export function assignCode(plan: TicketPlan, code: string): void {
  plan.ticket.code = code;
  if (plan.master) {
    for (const e of plan.events) if (e.action === 'link-duplicate') e.data = { master: plan.master.ticket.code };
  }
  // Planned tickets are kept for duplicates only briefly; drop the chain so memory stays flat.
  plan.master = null;
}
