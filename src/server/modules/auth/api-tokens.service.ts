/**
 * API tokens for machines. Created by an administrator and shown once; only a hash is kept.
 * Format `t1022_<prefix>_<secret>`: the prefix finds the row, the secret is checked against the
 * hash in constant time. Each token has scopes, an optional expiry and its own rate limit.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiTokenScope } from '../../../common/scopes.ts';
import { tx } from '../../db/database.ts';
import { AppError } from '../../lib/app-error.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { toAuditActor, type Actor } from './actor.ts';
import * as repo from './auth.repository.ts';
import type { AuthDeps } from './auth.service.ts';

const TOKEN_FORMAT = /^t1022_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const TOUCH_AFTER_MS = 60_000;
const digest = (secret: string) => createHash('sha256').update(secret).digest();

export interface ApiTokenView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  rateLimitPerMinute: number;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

function toView(row: repo.ApiTokenRow): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    rateLimitPerMinute: row.rateLimitPerMinute,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export async function createApiToken(
  deps: AuthDeps,
  actor: Actor,
  input: { name: string; scopes: ApiTokenScope[]; expiresAt?: string | undefined; rateLimitPerMinute?: number | undefined },
): Promise<{ token: string; apiToken: ApiTokenView }> {
  const now = deps.clock.now();
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt <= now) {
    throw new AppError('request.validation_failed', { errors: [{ path: 'expiresAt', message: 'Thời hạn phải ở tương lai.' }] });
  }
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const row = await tx(deps.database, async (t) => {
    const created = await repo.insertApiToken(t, {
      name: input.name.normalize('NFC').trim(),
      prefix,
      tokenHash: digest(secret).toString('hex'),
      scopes: [...new Set(input.scopes)],
      rateLimitPerMinute: input.rateLimitPerMinute ?? 600,
      createdBy: actor.userId,
      createdAt: now,
      expiresAt,
    });
    await recordAudit(t, toAuditActor(actor), { action: 'api_token.created', entityType: 'api_token', entityId: created.id, changes: { name: created.name, scopes: created.scopes, expiresAt: expiresAt?.toISOString() ?? null } }, now);
    return created;
  });
  return { token: `t1022_${prefix}_${secret}`, apiToken: toView(row) };
}

export async function listApiTokens(deps: AuthDeps): Promise<ApiTokenView[]> {
  return (await repo.listApiTokens(deps.database.db)).map(toView);
}

export async function revokeApiToken(deps: AuthDeps, actor: Actor, id: string): Promise<void> {
  const now = deps.clock.now();
  await tx(deps.database, async (t) => {
    if (!(await repo.revokeApiToken(t, id, now))) throw new AppError('resource.not_found');
    forgetCachedTokens();
    await recordAudit(t, toAuditActor(actor), { action: 'api_token.revoked', entityType: 'api_token', entityId: id }, now);
  });
}

/**
 * Machines call often (a PBX on every call, the app on every screen): token rows are kept in
 * memory for a few seconds. A revocation takes effect at once on the copy that made it and
 * within TOKEN_CACHE_MS on the others.
 */
export const TOKEN_CACHE_MS = 5_000;
const tokenCache = new Map<string, { row: repo.ApiTokenRow | undefined; until: number }>();

async function tokenRow(deps: AuthDeps, prefix: string): Promise<repo.ApiTokenRow | undefined> {
  const now = Date.now();
  const cached = tokenCache.get(prefix);
  if (cached && cached.until > now) return cached.row;
  const row = await repo.findApiTokenByPrefix(deps.database.db, prefix);
  if (tokenCache.size > 10_000) tokenCache.clear();
  tokenCache.set(prefix, { row, until: now + TOKEN_CACHE_MS });
  return row;
}

function forgetCachedTokens(): void {
  tokenCache.clear();
}

export interface ResolvedToken {
  id: string;
  name: string;
  scopes: string[];
  rateLimitPerMinute: number;
}

/** The live token behind a bearer value, or undefined (malformed, unknown, wrong, revoked, expired). */
export async function resolveApiToken(deps: AuthDeps, bearer: string): Promise<ResolvedToken | undefined> {
  const m = TOKEN_FORMAT.exec(bearer);
  if (!m) return undefined;
  const row = await tokenRow(deps, m[1]!);
  if (!row) return undefined;
  const expected = Buffer.from(row.tokenHash, 'hex');
  const given = digest(m[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  const now = deps.clock.now();
  if (!row.active || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return undefined;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_AFTER_MS) {
    await repo.touchApiToken(deps.database.db, row.id, now);
    row.lastUsedAt = now;
  }
  return { id: row.id, name: row.name, scopes: row.scopes, rateLimitPerMinute: row.rateLimitPerMinute };
}
