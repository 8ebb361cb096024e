/**
 * A small hotline for ticket tests: an operator, a supervisor, a leader, and for two agencies
 * (Sở Xây dựng and Sở Y tế) a focal point and a staff member each, signed in through the API.
 */
import type { Database } from '../server/db/database.ts';
import { createUser } from '../server/modules/users/users.service.ts';
import { signIn, signInWithMfa, type SignedIn } from './auth-helpers.ts';
import type { TestContext } from './harness.ts';

export const PASSWORD = 'Phieu-thu-nghiem-2026!';

export interface Cast {
  operator: SignedIn;
  operator2: SignedIn;
  supervisor: SignedIn;
  leader: SignedIn;
  admin: SignedIn;
  xdFocal: SignedIn;
  xdStaff: SignedIn & { id: string };
  ytFocal: SignedIn;
  ytStaff: SignedIn & { id: string };
}

export async function castOf(ctx: { app: TestContext['app']; database: Database }): Promise<Cast> {
  const make = async (username: string, roles: Parameters<typeof createUser>[1]['roles'], orgUnitCode?: string) =>
    (await createUser(ctx.database, { username, displayName: username, roles, password: PASSWORD, ...(orgUnitCode ? { orgUnitCode } : {}) })).user;
  await make('op1', ['operator']);
  await make('op2', ['operator']);
  await make('sup1', ['supervisor']);
  await make('lead1', ['leader']);
  await make('adm1', ['admin']);
  await make('xd.focal', ['agency_focal'], 'so-xay-dung');
  const xdStaff = await make('xd.staff', ['agency_staff'], 'so-xay-dung');
  await make('yt.focal', ['agency_focal'], 'so-y-te');
  const ytStaff = await make('yt.staff', ['agency_staff'], 'so-y-te');
  const mfa = new Map<string, string>();
  return {
    operator: await signIn(ctx.app, 'op1', PASSWORD),
    operator2: await signIn(ctx.app, 'op2', PASSWORD),
    supervisor: await signInWithMfa(ctx.app, 'sup1', PASSWORD, mfa),
    leader: await signIn(ctx.app, 'lead1', PASSWORD),
    admin: await signInWithMfa(ctx.app, 'adm1', PASSWORD, mfa),
    xdFocal: await signIn(ctx.app, 'xd.focal', PASSWORD),
    xdStaff: { ...(await signIn(ctx.app, 'xd.staff', PASSWORD)), id: xdStaff.id },
    ytFocal: await signIn(ctx.app, 'yt.focal', PASSWORD),
    ytStaff: { ...(await signIn(ctx.app, 'yt.staff', PASSWORD)), id: ytStaff.id },
  };
}

export interface TicketApi {
  create(as: SignedIn, body?: Record<string, unknown>): Promise<{ code: string; version: number; [k: string]: unknown }>;
  act(as: SignedIn, code: string, action: string, body?: Record<string, unknown>): Promise<{ statusCode: number; body: Record<string, unknown> & { version?: number; status?: string; code?: string } }>;
  get(as: SignedIn, code: string): Promise<{ statusCode: number; body: Record<string, unknown> & { version: number; status: string } }>;
}

/**
 * Thin wrappers over the HTTP API; `act` sends the ticket's current version (read by `reader`,
 * someone who sees every ticket) unless the body gives one.
 */
export function ticketApi(ctx: TestContext, reader: () => SignedIn): TicketApi {
  const api: TicketApi = {
    async create(as, body = {}) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/tickets',
        headers: as.headers,
        payload: { type: 'feedback', channel: 'phone_in', content: 'Đường Nguyễn Huệ, phường Cao Lãnh bị ngập nước sau mưa, xe máy không đi được.', contact: { name: 'Nguyễn Văn An', phone: '0912 345 678' }, ...body },
      });
      if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
      return res.json();
    },
    async get(as, code) {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${code}`, headers: as.headers });
      return { statusCode: res.statusCode, body: res.json() };
    },
    async act(as, code, action, body = {}) {
      const version = body.version ?? (await api.get(reader(), code)).body.version;
      const res = await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${code}/${action}`, headers: as.headers, payload: { version, ...body } });
      return { statusCode: res.statusCode, body: res.json() };
    },
  };
  return api;
}
