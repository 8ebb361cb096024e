/** Who is making a request: the input of every policy and of every audit row. */
import type { AuditActor } from '../audit/audit.service.ts';
import type { Role } from '../../../common/roles.ts';

export interface Actor {
  kind: 'user' | 'token' | 'anonymous';
  userId: string | null;
  username: string | null;
  roles: Role[];
  orgUnitId: string | null;
  sessionId: string | null;
  tokenId: string | null;
  scopes: string[];
  /** Set when the user may only finish a required step (e.g. change the password). */
  pending: 'password_change' | 'mfa_enrolment' | null;
  requestId: string;
  ip: string;
  userAgent: string | null;
}

export function anonymousActor(requestId: string, ip: string, userAgent: string | null): Actor {
  return { kind: 'anonymous', userId: null, username: null, roles: [], orgUnitId: null, sessionId: null, tokenId: null, scopes: [], pending: null, requestId, ip, userAgent };
}

export function toAuditActor(actor: Actor): AuditActor {
  return {
    actorId: actor.userId ?? actor.tokenId,
    actorLabel: actor.username ?? (actor.tokenId ? `token:${actor.tokenId}` : 'anonymous'),
    requestId: actor.requestId,
    ip: actor.ip,
    userAgent: actor.userAgent,
  };
}
