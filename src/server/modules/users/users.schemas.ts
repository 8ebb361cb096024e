/** Request and response shapes of the administrators' user API. */
import { Type } from 'typebox';
import { StringEnum } from '../../lib/schemas.ts';
import { ROLES } from '../../../common/roles.ts';
import { USER_STATUSES } from './users.service.ts';

const RoleSchema = StringEnum(ROLES);
const StatusSchema = StringEnum(USER_STATUSES, { description: 'Users are never deleted: they are disabled' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const UserSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  displayName: Type.String(),
  email: Nullable(Type.String()),
  roles: Type.Array(Type.String()),
  orgUnitId: Nullable(Type.String()),
  orgUnitCode: Nullable(Type.String()),
  status: Type.String(),
  mustChangePassword: Type.Boolean(),
  mfaEnabled: Type.Boolean(),
  mfaRequired: Type.Boolean({ description: 'The role requires two-factor authentication' }),
  lastLoginAt: Nullable(DateTime),
  version: Type.Integer({ description: 'Send it back on PATCH: a stale one is refused with 409' }),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const UserIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const UserListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of the username or display name, accents optional' })),
    role: Type.Optional(RoleSchema),
    status: Type.Optional(StatusSchema),
    cursor: Type.Optional(Type.String({ maxLength: 400, description: 'The `nextCursor` of the previous page' })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  { additionalProperties: false },
);

export const UserListSchema = Type.Object({ items: Type.Array(UserSchema), nextCursor: Nullable(Type.String()) });

const DisplayName = Type.String({ minLength: 1, maxLength: 200 });
const Email = Type.String({ format: 'email', maxLength: 254 });
const Roles = Type.Array(RoleSchema, { minItems: 1, maxItems: ROLES.length, uniqueItems: true });
const OrgUnitCode = Type.String({ minLength: 1, maxLength: 100 });

export const CreateUserBody = Type.Object(
  {
    username: Type.String({ minLength: 3, maxLength: 64, pattern: '^[a-zA-Z0-9._-]+$' }),
    displayName: DisplayName,
    email: Type.Optional(Email),
    roles: Roles,
    orgUnitCode: Type.Optional(OrgUnitCode),
  },
  { additionalProperties: false },
);

export const UpdateUserBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    displayName: Type.Optional(DisplayName),
    email: Type.Optional(Nullable(Email)),
    roles: Type.Optional(Roles),
    orgUnitCode: Type.Optional(Nullable(OrgUnitCode)),
    status: Type.Optional(StatusSchema),
  },
  { additionalProperties: false },
);

export const TemporaryPasswordSchema = Type.String({ description: 'Shown once; the user must change it at the next sign-in' });
