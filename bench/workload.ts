/**
 * What the ticket benchmarks (bench/tickets.ts, bench/profile.ts) act on and send: a
 * prepared database with its API token and agency user, and a new citizen submission or
 * operator creation for every request (a phone of 50,000, so contacts are both new and known).
 */
import { randomUUID } from 'node:crypto';
import type autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/server/config.ts';
import { queryRows, type Database } from '../src/server/db/database.ts';
import { runMigrations } from '../src/server/db/migrate.ts';
import { generateDemoTickets } from '../src/server/demo/demo.service.ts';
import { systemClock } from '../src/server/lib/clock.ts';
import { createSecretBox } from '../src/server/lib/secret-box.ts';
import { createApiToken } from '../src/server/modules/auth/api-tokens.service.ts';
import { anonymousActor } from '../src/server/modules/auth/actor.ts';
import { loadReference } from '../src/server/modules/reference/reference.service.ts';
import { findUserByUsername } from '../src/server/modules/users/users.repository.ts';
import { createUser } from '../src/server/modules/users/users.service.ts';
import { sleep } from './bench-lib.ts';

export const AGENCY_PASSWORD = 'Bench-agency-2026!';

export interface Prepared {
  token: string;
  agencyUser: string;
  seeded: number;
  seedSeconds: number;
}

/**
 * Gives a freshly filled database what one in service has: planner statistics and a visibility
 * map, which autovacuum keeps (or, where it does not run, the product's nightly job). Until
 * autovacuum comes by, which may be never (a server with autovacuum off, as on the project's
 * machine), measured plans would not be real ones: without the map an agency's lists and counters
 * read ticket_agencies' heap instead of its index alone (EXPLAIN ANALYZE at 1 M: the busiest
 * agency's queue counts 65-152 ms before, 26-31 ms after). Returns the seconds it took.
 */
export async function asInService(database: Database): Promise<number> {
  const started = performance.now();
  await database.db.execute(sql`VACUUM ANALYZE`);
  return Math.round((performance.now() - started) / 1000);
}

/** Migrates, seeds, and makes the API token and the agency user the scenarios act as; closes `database`. */
export async function prepare(database: Database, seedTickets: number): Promise<Prepared> {
  await runMigrations(database);
  await loadReference(database);
  const seed = await generateDemoTickets(database, { tickets: seedTickets, years: 1, now: systemClock.now(), codePrefix: '1022', skipForeignKeyChecks: true });
  await asInService(database);
  const { token } = await createApiToken(
    { database, config: loadConfig({}), clock: systemClock, secrets: createSecretBox(Buffer.alloc(32)) },
    { ...anonymousActor('bench', '127.0.0.1', null), kind: 'user', username: 'bench' },
    { name: 'bench', scopes: ['tickets:read', 'tickets:write'], rateLimitPerMinute: 100_000_000 },
  );
  const agencyUser = await ensureAgencyUser(database);
  await database.close();
  return { token, agencyUser, seeded: seed.tickets, seedSeconds: Math.round(seed.seconds) };
}

/**
 * A focal point signing in with AGENCY_PASSWORD, of the agency leading the most tickets (its inbox
 * is the busiest), of the one in the middle of the units that lead any, or of a unit that has
 * none yet (a commune new to the hotline: the inbox where a plan reading the newest tickets until
 * it finds a page of the agency's reads them all). Made once, so a kept database keeps it.
 * Returns the username.
 */
export async function ensureAgencyUser(database: Database, agency: 'busiest' | 'median' | 'none' = 'busiest'): Promise<string> {
  const username = agency === 'busiest' ? 'bench.agency' : `bench.agency.${agency}`;
  if (await findUserByUsername(database.db, username)) return username;
  const units =
    agency === 'none'
      ? await queryRows<{ code: string }>(
          database.db,
          sql`SELECT code FROM org_units o WHERE NOT EXISTS (SELECT 1 FROM ticket_agencies ta WHERE ta.org_unit_id = o.id)
              AND NOT EXISTS (SELECT 1 FROM org_units c WHERE c.parent_id = o.id) ORDER BY code LIMIT 1`,
        )
      : await queryRows<{ code: string }>(
          database.db,
          sql`SELECT o.code FROM ticket_agencies ta JOIN org_units o ON o.id = ta.org_unit_id
              WHERE ta.role = 'lead' AND ta.until IS NULL GROUP BY o.code ORDER BY count(*) DESC, o.code`,
        );
  const unit = agency === 'median' ? units[Math.floor(units.length / 2)] : units[0];
  if (!unit) throw new Error(`no unit for the ${agency} agency's user`);
  await createUser(database, { username, displayName: 'Đầu mối đo hiệu năng', roles: ['agency_focal'], orgUnitCode: unit.code, password: AGENCY_PASSWORD });
  return username;
}

/** Fetches, asking again each second (up to 20 times) while a busy server answers 503 (its overload guard), as a person would. */
export async function fetchPatiently(url: string, init?: RequestInit): Promise<Response> {
  let res = await fetch(url, init);
  for (let attempt = 1; attempt < 20 && res.status === 503; attempt++) {
    await sleep(1000);
    res = await fetch(url, init);
  }
  return res;
}

/** Signs `username` in (fetchPatiently): its cookie header. */
export async function signIn(base: string, username: string): Promise<string> {
  const login = await fetchPatiently(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: AGENCY_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`agency sign-in failed: ${login.status}`);
  return (login.headers.getSetCookie() ?? []).map((c) => c.split(';')[0]).join('; ');
}

/** The agency inbox lists the benchmarks measure, signed in as the agency user. */
export const INBOX_LISTS = {
  inbox: { title: 'agency inbox: open, 20 newest (session)', path: '/api/v1/tickets?status=forwarded&status=in_progress&status=waiting_citizen&limit=20' },
  overdue: { title: 'agency inbox: overdue petitions (session)', path: '/api/v1/tickets?overdue=true&type=petition&limit=20' },
} as const;

let n = 0;
const phoneOf = (i: number) => `09${String(10_000_000 + (i % 50_000)).slice(-8)}`;
const content = (i: number) => `Đường Nguyễn Huệ đoạn số ${i} bị ngập nước sau mưa lớn, đề nghị nạo vét cống thoát nước.`;

/** The next citizen submission: its phone (to track it by) and its JSON body. */
export function nextSubmission(): { phone: string; body: string } {
  const i = ++n;
  return { phone: phoneOf(i), body: JSON.stringify({ name: 'Nguyễn Thị Lan', phone: phoneOf(i), content: content(i), publicConsent: false, consent: true }) };
}

/** Citizen submissions for autocannon, each with its own Idempotency-Key. */
export const citizenRequest = (): autocannon.Request => ({
  setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'content-type': 'application/json', 'idempotency-key': randomUUID() }, body: nextSubmission().body }),
});

/** Operator creations from a call for autocannon (send them with the API token and a JSON content type). */
export const operatorCreationRequest = (): autocannon.Request => ({
  setupRequest: (req) => {
    const i = ++n;
    return { ...req, body: JSON.stringify({ type: 'feedback', channel: 'phone_in', content: content(i), contact: { name: 'Nguyễn Văn An', phone: phoneOf(i) } }) };
  },
});

/** Submits `count` tickets through the citizen form: their codes and phones, to read and track. */
export async function knownTickets(base: string, count: number): Promise<Array<{ code: string; phone: string }>> {
  const known: Array<{ code: string; phone: string }> = [];
  for (let j = 0; j < count; j++) {
    const submission = nextSubmission();
    const res = await fetch(`${base}/api/v1/public/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: submission.body,
    });
    if (res.status === 201) known.push({ code: ((await res.json()) as { code: string }).code, phone: submission.phone });
    // A machine still busy from the last scenario may answer 503 (overload): a moment's rest.
    else await sleep(200);
  }
  return known;
}

/** Reads by code with the API token, round-robin over `known`. */
export const readRequest = (known: Array<{ code: string }>, token: string): autocannon.Request => {
  let k = 0;
  return { setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${token}` }, path: `/api/v1/tickets/${known[k++ % known.length]!.code}` }) };
};

/** Citizens tracking by code and phone, round-robin over `known`. */
export const trackRequest = (known: Array<{ code: string; phone: string }>): autocannon.Request => {
  let k = 0;
  return {
    setupRequest: (req) => {
      const t = known[k++ % known.length]!;
      return { ...req, path: `/api/v1/public/tickets/${t.code}?phone=${t.phone}` };
    },
  };
};
