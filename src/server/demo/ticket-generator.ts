/**
 * Plans demo tickets in memory, without the database: each ticket with its contact, its
 * interactions, the agencies it went to and a history that follows the lifecycle of
 * tickets.policy.ts step by step (every step is checked against it). A ticket's life is
 * simulated from its creation; steps that would fall after "now" do not happen, so recent
 * tickets are still open and old ones are mostly closed. Rows are snake_case, ready for
 * json_populate_recordset.
 */
import { randomUUID } from 'node:crypto';
import type { Channel, TicketStatus, TicketType } from '../../common/tickets.ts';
import { localToday } from '../lib/time.ts';
import { closeOfOfficeOn, extendAnswer, limitsFor, stageAfter, startStage, type StageState } from '../modules/deadlines/stage-clock.ts';
import { transitions } from '../modules/tickets/tickets.policy.ts';
import type { Random } from './demo-random.ts';
import { asciiSlug, mobileE164, personName } from './demo-people.ts';
import { yearOf } from './demo-times.ts';
import * as texts from './demo-texts.ts';
import { CHANNEL_MIX, type DemoActor, type DemoContext, type DemoUnit, type Row, type TicketPlan } from './ticket-plan.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const iso = (ms: number) => new Date(ms).toISOString();

interface ContactRef {
  id: string;
  name: string;
  phone: string | null;
  communeIndex: number;
}

/** Plans tickets one by one, remembering recent contacts (who call again) and tickets (duplicates). */
export class TicketPlanner {
  private readonly contacts: ContactRef[] = [];
  private readonly recent: Array<{ plan: TicketPlan; title: string; content: string; domain: string | null; commune: number }> = [];
  private readonly domainWeights: Record<string, number>;
  private readonly agencyList: DemoUnit[];

  constructor(
    private readonly ctx: DemoContext,
    private readonly random: Random,
    private readonly now: Date,
  ) {
    this.domainWeights = Object.fromEntries(ctx.domains.filter((d) => texts.DOMAIN_TEXTS[d.code]).map((d) => [d.code, texts.DOMAIN_TEXTS[d.code]!.weight]));
    this.agencyList = [...ctx.agencies.values()];
    if (ctx.communes.length === 0) throw new Error('demo data needs the reference data (communes) loaded');
  }

  private fill(template: string, commune: DemoUnit & { kind: string }): string {
    const r = this.random;
    return template.replace(/\{(\w+)\}/g, (_, key: string) => {
      const xa = commune.name.replace(/^Xã/, 'xã').replace(/^Phường/, 'phường');
      switch (key) {
        case 'noi':
          return `${r.pick(commune.kind === 'ward' ? texts.HAMLETS_URBAN : texts.HAMLETS_RURAL)}, ${xa}`;
        case 'xa':
          return xa;
        case 'duong':
          return r.pick(texts.ROADS);
        case 'ten':
          return personName(r);
        case 'n':
          return String(r.int(2, 9));
        case 'thang':
          return String(r.int(1, 12));
        case 'ma':
          return `000.${r.digits(2)}.${r.digits(2)}.H${r.digits(2)}-${r.digits(6)}-${r.digits(4)}`;
        default:
          return key;
      }
    });
  }

  private hotline(): DemoActor {
    return this.ctx.hotline.length ? this.random.pick(this.ctx.hotline) : { id: null, label: 'tong-dai.demo' };
  }

  private supervisor(): DemoActor {
    return this.ctx.supervisors?.length ? this.random.pick(this.ctx.supervisors) : this.hotline();
  }

  private focal(unit: DemoUnit): DemoActor {
    const focals = this.ctx.focalByUnit.get(unit.id);
    return focals?.length ? this.random.pick(focals) : { id: null, label: `${unit.code}.demo` };
  }

  private leadFor(domain: string | null, communeIndex: number): DemoUnit {
    const r = this.random;
    const commune = this.ctx.communes[communeIndex]!;
    const domainTexts = domain ? texts.DOMAIN_TEXTS[domain] : undefined;
    if (!domain || !domainTexts || r.chance(domainTexts.local)) return commune;
    const alternatives = (domainTexts.agencies ?? []).map((c) => this.ctx.agencies.get(c)).filter((u): u is DemoUnit => !!u);
    const defaultId = this.ctx.domains.find((d) => d.code === domain)?.defaultAgencyId;
    const byDefault = defaultId ? this.agencyList.find((u) => u.id === defaultId) : undefined;
    if (byDefault && (alternatives.length === 0 || r.chance(0.7))) return byDefault;
    return alternatives.length ? r.pick(alternatives) : commune;
  }

  /**
   * The plan of the next ticket, created at `createdAtMs`. Its code is left empty: the caller
   * numbers tickets when it holds the year's counter (see {@link assignCode}).
   */
  plan(createdAtMs: number): TicketPlan {
    const code = '';
    const r = this.random;
    const now = this.now.getTime();
    const ticketId = randomUUID();
    const channel = r.weighted(CHANNEL_MIX as Record<Channel, number>);
    const route = r.weighted({ forward: 63, answer: 27, out_of_scope: 6, spam: 1.5, duplicate: 2.5 });
    const duplicateOf = route === 'duplicate' && this.recent.length ? r.pick(this.recent) : undefined;
    let communeIndex = duplicateOf?.commune ?? r.int(0, this.ctx.communes.length - 1);

    // The person: a returning one sometimes (they call again about something else).
    let contact: ContactRef;
    let newContact: Row | null = null;
    let newPhone: Row | null = null;
    if (this.contacts.length > 50 && r.chance(0.14)) {
      contact = r.pick(this.contacts);
      communeIndex = contact.communeIndex;
    } else {
      const withPhone = channel !== 'email' || r.chance(0.4);
      contact = { id: randomUUID(), name: personName(r), phone: withPhone ? mobileE164(r) : null, communeIndex };
      const commune = this.ctx.communes[communeIndex]!;
      const slug = asciiSlug(contact.name);
      newContact = {
        id: contact.id,
        kind: 'person',
        name: contact.name,
        email: channel === 'email' ? `${slug}${r.digits(2)}@example.com` : null,
        zalo_user_id: channel === 'zalo' ? `demo-zalo-${r.digits(12)}` : null,
        facebook_id: channel === 'facebook' ? `demo-fb-${r.digits(15)}` : null,
        address: this.fill('{noi}', commune),
        commune_id: commune.id,
        created_at: iso(createdAtMs),
        updated_at: iso(createdAtMs),
      };
      if (contact.phone) newPhone = { contact_id: contact.id, phone: contact.phone, created_at: iso(createdAtMs) };
      this.contacts.push(contact);
      // Bounded memory for a million tickets: keep the most recent contacts.
      if (this.contacts.length > 20_000) this.contacts.splice(0, 5_000);
    }
    const commune = this.ctx.communes[communeIndex]!;

    // What it is about.
    let domain: string | null;
    let template: texts.TicketTemplate;
    let outOfScopeCode: string | null = null;
    if (route === 'out_of_scope' && this.ctx.outOfScopeCodes.length) {
      outOfScopeCode = r.pick(this.ctx.outOfScopeCodes);
      template = texts.OUT_OF_SCOPE_TEXTS[outOfScopeCode] ?? texts.OUT_OF_SCOPE_TEXTS.complaint!;
      domain = outOfScopeCode === 'land_dispute' ? 'land' : null;
    } else if (route === 'spam') {
      template = r.pick(texts.SPAM_TEXTS);
      domain = null;
    } else {
      domain = r.weighted(this.domainWeights);
      template = r.pick(texts.DOMAIN_TEXTS[domain]!.templates);
    }
    const title = duplicateOf?.title ?? this.fill(template.title, commune);
    const content = duplicateOf?.content ?? this.fill(template.content, commune);
    if (duplicateOf) domain = duplicateOf.domain;
    const type: TicketType = template.type;

    const creator = this.hotline();
    const ticket: TicketPlan['ticket'] = {
      id: ticketId,
      code,
      type,
      domain_code: domain,
      title,
      content,
      address: this.fill('{noi}', commune),
      commune_id: commune.id,
      contact_id: contact.id,
      contact_name: contact.name,
      contact_phone: contact.phone,
      public_consent: r.chance(0.3),
      origin_channel: channel,
      priority: r.weighted({ normal: 90, high: 8, urgent: 2 }),
      status: 'new',
      lead_agency_id: null,
      answer: null,
      answer_draft: null,
      answered_at: null,
      replied_at: null,
      reject_reason: null,
      out_of_scope_code: null,
      duplicate_of_id: null,
      satisfaction: null,
      satisfaction_comment: null,
      reopen_count: 0,
      version: 1,
      created_by_id: channel === 'web' || channel === 'app' ? null : creator.id,
      created_at: iso(createdAtMs),
      updated_at: iso(createdAtMs),
      closed_at: null,
    };
    const events: Row[] = [];
    const agencies: Row[] = [];
    const interactions: Row[] = [];
    // The stage clock, as tickets.service and the transitions run it.
    const created = localToday(new Date(createdAtMs));
    const policy = this.ctx.deadlines?.policies.find((p) => p.effectiveFrom <= created && (p.effectiveTo === null || p.effectiveTo >= created));
    const calendar = this.ctx.deadlines?.calendar;
    const limits = policy ? limitsFor(policy, type, domain) : undefined;
    const clock: StageState = { stage: null, stageStartedAt: null, stageDueAt: null, stagePausedRemainingMinutes: null, stagePausedAt: null, answerDueAt: null };

    // The interaction the ticket came from.
    const inboundId = randomUUID();
    const callStart = createdAtMs - r.int(60, 400) * 1000;
    const isCall = channel === 'phone_in';
    const callAnswered = callStart + r.int(3, 45) * 1000;
    const callEnded = callAnswered + r.int(90, 600) * 1000;
    interactions.push({
      id: inboundId,
      channel,
      direction: 'in',
      contact_id: contact.id,
      ticket_id: ticketId,
      content,
      provider_message_id: isCall ? null : `demo-${inboundId}`,
      operator_id: isCall ? creator.id : null,
      occurred_at: iso(isCall ? callStart : createdAtMs),
      caller_number: isCall ? contact.phone : null,
      call_started_at: isCall ? iso(callStart) : null,
      call_answered_at: isCall ? iso(callAnswered) : null,
      call_ended_at: isCall ? iso(callEnded) : null,
      call_duration_seconds: isCall ? Math.round((callEnded - callAnswered) / 1000) : null,
      call_disposition: isCall ? 'answered' : null,
      created_at: iso(createdAtMs),
    });

    // The life, step by step; a step later than now does not happen.
    let at = createdAtMs;
    // Changed by the closures below: keep TypeScript from narrowing it to 'new'.
    let status = 'new' as TicketStatus;
    let done = false;
    const event = (action: keyof typeof transitions | 'created', actor: DemoActor, extra: { note?: string | null; data?: Row | null } = {}) => {
      const to: TicketStatus = action === 'created' ? 'new' : transitions[action].to === 'same' ? status : (transitions[action].to as TicketStatus);
      if (action !== 'created' && !transitions[action].from.includes(status)) throw new Error(`demo generator: ${action} from ${status}`);
      events.push({
        ticket_id: ticketId,
        at: iso(at),
        actor_id: actor.id,
        actor_label: actor.label,
        action,
        from_status: action === 'created' ? null : status,
        to_status: to,
        note: extra.note ?? null,
        visibility: action === 'created' ? 'public' : transitions[action].visibility,
        data: extra.data ?? null,
      });
      if (action !== 'created') ticket.version = (ticket.version as number) + 1;
      ticket.updated_at = iso(at);
      if (limits && calendar) {
        const moved = action === 'created' ? startStage('triage', new Date(at), limits, calendar) : stageAfter(action, to, clock, new Date(at), limits, calendar);
        if (moved) Object.assign(clock, moved);
      }
      status = to;
    };
    /** Moves the clock on; false (and the life stops here) when that is in the future. */
    const wait = (minMs: number, maxMs: number) => {
      if (done) return false;
      const next = at + minMs + r.next() * (maxMs - minMs);
      if (next > now) {
        done = true;
        return false;
      }
      at = next;
      return true;
    };
    let extension: Row | null = null;
    /**
     * The lead agency's focal point asks for more time (once per ticket, only where the clock
     * runs), and a supervisor approves (the answer deadline moves, as ticket-extensions.ts does)
     * or refuses; a request made lately may still wait. False when the life stops here.
     */
    const askExtension = (lead: DemoUnit, focal: DemoActor): boolean => {
      if (extension || !limits || !calendar) return true;
      if (!wait(1 * DAY, 5 * DAY)) return false;
      const previousDue = clock.answerDueAt;
      const from = previousDue && previousDue.getTime() > at ? previousDue.getTime() : at;
      const proposed = localToday(new Date(from + r.int(5, 30) * DAY));
      const reason = r.pick(texts.EXTENSION_REASONS);
      const previousDueAt = previousDue?.toISOString() ?? null;
      event('request-extension', focal, { note: reason, data: { proposedDueDate: proposed, previousDueAt } });
      extension = {
        ticket_id: ticketId, agency_id: lead.id, reason, proposed_due_date: proposed, previous_due_at: previousDueAt, requested_by_id: focal.id, requested_at: iso(at),
        status: 'requested', granted_due_at: null, decision_note: null, decided_by_id: null, decided_at: null,
      };
      if (!wait(2 * HOUR, 2 * DAY)) return false;
      const supervisor = this.supervisor();
      if (r.chance(0.8)) {
        const due = closeOfOfficeOn(proposed, calendar);
        event('decide-extension', supervisor, { data: { decision: 'approve', grantedDueAt: due.toISOString(), previousDueAt: clock.answerDueAt?.toISOString() ?? null } });
        Object.assign(clock, extendAnswer(clock, due, calendar));
        Object.assign(extension, { status: 'approved', granted_due_at: due.toISOString(), decided_by_id: supervisor.id, decided_at: iso(at) });
      } else {
        const note = r.pick(texts.EXTENSION_REFUSALS);
        event('decide-extension', supervisor, { note, data: { decision: 'refuse' } });
        Object.assign(extension, { status: 'refused', decision_note: note, decided_by_id: supervisor.id, decided_at: iso(at) });
      }
      return true;
    };
    event('created', creator, { data: { channel } });
    // Most tickets are classified within hours; some wait in the queue (evenings, weekends, peaks).
    const triage = () => (r.chance(0.15) ? wait(4 * HOUR, 3 * DAY) : wait(2 * 60_000, 4 * HOUR));

    const hotline = this.hotline();
    const citizen: DemoActor = { id: null, label: 'anonymous' };
    const reply = () => {
      if (!wait(5 * 60_000, 6 * HOUR)) return;
      ticket.replied_at = iso(at);
      event('reply', hotline, { data: { channel } });
      interactions.push({
        id: randomUUID(), channel: channel === 'phone_in' ? 'phone_out' : channel, direction: 'out', contact_id: contact.id, ticket_id: ticketId,
        content: ticket.answer, provider_message_id: null, operator_id: hotline.id, occurred_at: iso(at), caller_number: null, call_started_at: null,
        call_answered_at: null, call_ended_at: null, call_duration_seconds: null, call_disposition: null, created_at: iso(at),
      });
    };
    const closeOrRate = () => {
      const how = r.weighted({ rate: 50, close: 40, leave: 10 });
      if (how === 'leave' || !wait(HOUR, 7 * DAY)) return;
      if (how === 'rate') {
        const score = r.weighted({ 5: 45, 4: 30, 3: 12, 2: 7, 1: 6 });
        ticket.satisfaction = Number(score);
        ticket.satisfaction_comment = r.pick(texts.RATING_COMMENTS);
        event('rate', citizen, { data: { score: Number(score) } });
      } else {
        event('close', hotline);
      }
      ticket.closed_at = iso(at);
    };

    if (route === 'duplicate' && duplicateOf) {
      if (triage()) {
        ticket.duplicate_of_id = duplicateOf.plan.ticket.id;
        ticket.reject_reason = 'duplicate';
        // The master's code, filled in by assignCode (the master is numbered first).
        event('link-duplicate', hotline, { data: { master: null } });
      }
    } else if (route === 'out_of_scope' || route === 'spam' || (route === 'duplicate' && !duplicateOf)) {
      if (triage()) {
        const reason = route === 'spam' || !outOfScopeCode ? 'spam' : 'out_of_scope';
        ticket.reject_reason = reason;
        ticket.out_of_scope_code = reason === 'out_of_scope' ? outOfScopeCode : null;
        event('reject', hotline, { data: { reason, outOfScopeCode: ticket.out_of_scope_code } });
      }
    } else if (route === 'answer') {
      if (triage()) {
        ticket.answer = r.pick(domain && texts.DOMAIN_TEXTS[domain] && r.chance(0.5) ? texts.DOMAIN_TEXTS[domain]!.answers : texts.DIRECT_ANSWERS);
        ticket.answered_at = iso(at);
        event('answer', hotline);
        reply();
        if (!done) closeOrRate();
      }
    } else {
      this.forwardLife({ ticket, agencies, random: r, triage, domain, communeIndex, event, wait, reply, closeOrRate, askExtension, hotline, isDone: () => done, status: () => status, now: () => at });
    }
    if (status === 'closed' && !ticket.closed_at) ticket.closed_at = iso(at);
    if (status !== 'closed') ticket.closed_at = null;

    // Some citizens call again to ask how it is going.
    if (r.chance(0.08)) {
      const followAt = createdAtMs + r.next() * Math.max(0, Math.min(at, now) - createdAtMs);
      interactions.push({
        id: randomUUID(), channel: 'phone_in', direction: 'in', contact_id: contact.id, ticket_id: ticketId, content: r.pick(texts.FOLLOW_UPS),
        provider_message_id: null, operator_id: hotline.id, occurred_at: iso(followAt), caller_number: contact.phone, call_started_at: iso(followAt),
        call_answered_at: iso(followAt + 10_000), call_ended_at: iso(followAt + 130_000), call_duration_seconds: 120, call_disposition: 'answered', created_at: iso(followAt),
      });
    }

    ticket.status = status;
    Object.assign(ticket, {
      deadline_policy_id: policy?.id ?? null,
      stage: clock.stage,
      stage_started_at: clock.stageStartedAt?.toISOString() ?? null,
      stage_due_at: clock.stageDueAt?.toISOString() ?? null,
      stage_paused_remaining_minutes: clock.stagePausedRemainingMinutes,
      stage_paused_at: clock.stagePausedAt?.toISOString() ?? null,
      answer_due_at: clock.answerDueAt?.toISOString() ?? null,
    });
    const plan: TicketPlan = { year: yearOf(createdAtMs), ticket, contact: newContact, phone: newPhone, agencies, events, interactions, extension, master: duplicateOf?.plan ?? null };
    if (!duplicateOf) {
      this.recent.push({ plan, title, content, domain, commune: communeIndex });
      if (this.recent.length > 300) this.recent.shift();
    }
    return plan;
  }

  /** forward → (return → forward) → accept → (request-info → citizen-replied) → (request-extension → decide-extension) → submit → (send-back → submit) → approve → reply → rate/close (→ reopen …). */
  private forwardLife(s: {
    ticket: TicketPlan['ticket'];
    agencies: Row[];
    random: Random;
    triage: () => boolean;
    domain: string | null;
    communeIndex: number;
    event: (action: keyof typeof transitions, actor: DemoActor, extra?: { note?: string | null; data?: Row | null }) => void;
    wait: (minMs: number, maxMs: number) => boolean;
    reply: () => void;
    closeOrRate: () => void;
    askExtension: (lead: DemoUnit, focal: DemoActor) => boolean;
    hotline: DemoActor;
    isDone: () => boolean;
    status: () => TicketStatus;
    now: () => number;
  }): void {
    const { ticket, agencies, random: r, event, wait, hotline } = s;
    const ticketId = ticket.id;
    let lead = this.leadFor(s.domain, s.communeIndex);
    const forward = (unit: DemoUnit, cooperating: DemoUnit[]) => {
      ticket.lead_agency_id = unit.id;
      for (const a of agencies) if (a.until === null) a.until = iso(s.now());
      // One row per time it was given to an agency, as the product writes them (to the same agency again too).
      const add = (unitId: string, role: string) => agencies.push({ ticket_id: ticketId, org_unit_id: unitId, role, since: iso(s.now()), until: null });
      add(unit.id, 'lead');
      for (const c of cooperating) add(c.id, 'cooperating');
      event('forward', hotline, { data: { leadAgency: unit.code, cooperating: cooperating.map((c) => c.code) } });
    };
    if (!s.triage()) return;
    // Sometimes the first agency is the wrong one and sends it back.
    const wrongFirst = r.chance(0.06);
    const first = wrongFirst ? r.pick(this.agencyList.filter((u) => u.id !== lead.id)) : lead;
    const cooperating = !wrongFirst && r.chance(0.08) ? [r.pick(this.agencyList.filter((u) => u.id !== lead.id))] : [];
    forward(first, cooperating);
    if (wrongFirst) {
      if (!wait(4 * HOUR, 3 * DAY)) return;
      event('return', this.focal(first), { note: r.pick(texts.RETURN_REASONS), data: { returnedBy: first.id } });
      // The lead row ends when the agency returns it (the ticket_agencies history).
      for (const a of agencies) if (a.role === 'lead' && a.until === null) a.until = iso(s.now());
      ticket.lead_agency_id = first.id;
      if (!wait(30 * 60_000, 1 * DAY)) return;
      lead = this.leadFor(s.domain, s.communeIndex);
      forward(lead, []);
    }
    const prolonged = r.chance(0.01);
    const agencyWork = () => {
      const focal = this.focal(lead);
      if (!wait(2 * HOUR, prolonged ? 120 * DAY : 3 * DAY)) return;
      event('accept', focal);
      if (r.chance(0.05)) {
        if (!wait(1 * DAY, 4 * DAY)) return;
        event('request-info', focal, { note: r.pick(texts.INFO_REQUESTS) });
        if (!wait(4 * HOUR, 6 * DAY)) return;
        event('citizen-replied', hotline, { note: r.pick(texts.CITIZEN_REPLIES) });
      }
      // Some agencies need more time (most of the prolonged ones).
      if (r.chance(prolonged ? 0.6 : 0.03) && !s.askExtension(lead, focal)) return;
      const answer = r.pick(s.domain && texts.DOMAIN_TEXTS[s.domain] ? texts.DOMAIN_TEXTS[s.domain]!.answers : texts.DIRECT_ANSWERS);
      if (!wait(1 * DAY, prolonged ? 200 * DAY : 12 * DAY)) return;
      ticket.answer_draft = answer;
      event('submit-answer', focal);
      if (r.chance(0.04)) {
        if (!wait(2 * HOUR, 2 * DAY)) return;
        event('send-back', hotline, { note: r.pick(texts.SEND_BACK_NOTES) });
        if (!wait(1 * DAY, 5 * DAY)) return;
        event('submit-answer', focal);
      }
      if (!wait(30 * 60_000, 2 * DAY)) return;
      ticket.answer = answer;
      ticket.answered_at = iso(s.now());
      event('approve', hotline, { data: { edited: false } });
      s.reply();
      if (!s.isDone()) s.closeOrRate();
    };
    agencyWork();
    // A few citizens are not satisfied and reopen it (within the window): back to the agency.
    if (!s.isDone() && s.status() === 'closed' && r.chance(0.025)) {
      if (!wait(1 * DAY, 10 * DAY)) return;
      ticket.reopen_count = (ticket.reopen_count as number) + 1;
      ticket.closed_at = null;
      event('reopen', hotline, { note: r.pick(texts.REOPEN_REASONS), data: { reopenCount: ticket.reopen_count } });
      agencyWork();
    }
  }
}
