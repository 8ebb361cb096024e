/** Shapes of the administrators' API for the organization tree and the domains. */
import { Type } from 'typebox';
import { StringEnum } from '../../lib/schemas.ts';
import { ORG_UNIT_KINDS } from '../reference/reference-data.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const IsoDate = (description: string) => Type.String({ format: 'date', description: `${description} (YYYY-MM-DD, Asia/Ho_Chi_Minh local date)` });
const Code = (description: string) => Type.String({ minLength: 1, maxLength: 100, description });
const Slug = (description: string) => Type.String({ minLength: 2, maxLength: 64, pattern: '^[a-z0-9]+(?:[-_][a-z0-9]+)*$', description: `${description}: lowercase ASCII letters and digits joined by - or _` });
const Text = (maxLength: number, description: string) => Type.String({ minLength: 1, maxLength, description });
const Email = (description: string) => Type.String({ format: 'email', maxLength: 254, description });
const Version = Type.Integer({ minimum: 1, description: 'The `version` last read: a stale one is refused with 409 `org_unit.version_conflict`' });

export const OrgUnitKindSchema = StringEnum(ORG_UNIT_KINDS, { description: 'What the unit is: province, department, police, social_insurance, utility, office, inspectorate, hotline, ward, commune, district (pre-2025), other' });

export const OrgUnitViewSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  shortName: Nullable(Type.String()),
  kind: Type.String(),
  parentCode: Nullable(Type.String()),
  validFrom: Nullable(Type.String({ format: 'date', description: 'First day in force' })),
  validTo: Nullable(Type.String({ format: 'date', description: 'Last day in force (inclusive)' })),
  ended: Type.Boolean({ description: 'Its last day in force is before today (Asia/Ho_Chi_Minh)' }),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  address: Nullable(Type.String()),
  headName: Nullable(Type.String({ description: 'The head of the unit, who receives escalations' })),
  headTitle: Nullable(Type.String()),
  headEmail: Nullable(Type.String()),
  headUserId: Nullable(Type.String({ format: 'uuid', description: 'The head’s account, when they have one' })),
  emailOnly: Type.Boolean({ description: 'A unit without accounts: forwarded tickets reach it by email with a signed answer link' }),
  aliases: Type.Array(Type.String(), { description: 'Other names people use' }),
  note: Nullable(Type.String()),
  successorCodes: Type.Array(Type.String(), { description: 'The units that took over (when it ended or merged)' }),
  predecessorCodes: Type.Array(Type.String(), { description: 'The units it took over' }),
  focalPoints: Type.Array(
    Type.Object({ userId: Type.String({ format: 'uuid' }), username: Type.String(), displayName: Type.String() }),
    { description: 'The focal points an administrator named; when none are named, the unit’s active agency_focal users act as focal points' },
  ),
  version: Type.Integer({ description: 'Send it back on every change: a stale one is refused with 409' }),
  origin: StringEnum(['reference', 'admin'], { description: 'reference: as shipped (updated by the reference loader); admin: changed by an administrator (the loader keeps it)' }),
});

export const OrgUnitListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of the name, short name, code or another name; accents optional (đ = d)' })),
    kind: Type.Optional(Type.Array(OrgUnitKindSchema, { maxItems: ORG_UNIT_KINDS.length, description: 'One or more kinds (repeat the parameter)' })),
    at: Type.Optional(IsoDate('Only units in force on this date (then `includeEnded` does not apply)')),
    includeEnded: Type.Boolean({ default: false, description: 'Include units that ended before today (e.g. the pre-2025 districts and communes)' }),
  },
  { additionalProperties: false },
);

export const OrgUnitParams = Type.Object({ code: Code('The unit’s code') });

const unitFields = {
  name: Text(300, 'Full name'),
  shortName: Nullable(Text(100, 'Short name')),
  kind: OrgUnitKindSchema,
  parentCode: Nullable(Code('The unit above it; not the unit itself nor one below it')),
  validFrom: Nullable(IsoDate('First day in force')),
  validTo: Nullable(IsoDate('Last day in force, inclusive; not before validFrom')),
  email: Nullable(Email('Contact address; required for an email-only unit')),
  phone: Nullable(Text(50, 'Contact phone')),
  address: Nullable(Text(500, 'Postal address')),
  headName: Nullable(Text(200, 'Name of the head (escalations)')),
  headTitle: Nullable(Text(200, 'Title of the head, e.g. Giám đốc')),
  headEmail: Nullable(Email('Email of the head')),
  headUserId: Nullable(Type.String({ format: 'uuid', description: 'The head’s account (must exist)' })),
  emailOnly: Type.Boolean({ description: 'No accounts: forwarded tickets go by email (needs `email`)' }),
  aliases: Type.Array(Text(300, 'Another name'), { maxItems: 50, description: 'Other names people use, for search' }),
  note: Nullable(Text(2000, 'Note')),
};

const optionalUnitFields = {
  shortName: Type.Optional(unitFields.shortName),
  parentCode: Type.Optional(unitFields.parentCode),
  validFrom: Type.Optional(unitFields.validFrom),
  validTo: Type.Optional(unitFields.validTo),
  email: Type.Optional(unitFields.email),
  phone: Type.Optional(unitFields.phone),
  address: Type.Optional(unitFields.address),
  headName: Type.Optional(unitFields.headName),
  headTitle: Type.Optional(unitFields.headTitle),
  headEmail: Type.Optional(unitFields.headEmail),
  headUserId: Type.Optional(unitFields.headUserId),
  emailOnly: Type.Optional(unitFields.emailOnly),
  aliases: Type.Optional(unitFields.aliases),
  note: Type.Optional(unitFields.note),
};

export const CreateOrgUnitBody = Type.Object(
  { code: Slug('Unique code, never changed later'), name: unitFields.name, kind: unitFields.kind, ...optionalUnitFields },
  { additionalProperties: false },
);

export const UpdateOrgUnitBody = Type.Object(
  { version: Version, name: Type.Optional(unitFields.name), kind: Type.Optional(unitFields.kind), ...optionalUnitFields },
  { additionalProperties: false, description: 'Only the fields sent change; null clears a field' },
);

export const SetSuccessorsBody = Type.Object(
  {
    version: Version,
    successorCodes: Type.Array(Code('A unit that took over; in force, not the unit itself, no cycle'), { maxItems: 50, uniqueItems: true }),
  },
  { additionalProperties: false },
);

export const SetFocalPointsBody = Type.Object(
  {
    version: Version,
    userIds: Type.Array(Type.String({ format: 'uuid', description: 'An active account of this unit' }), { maxItems: 50, uniqueItems: true }),
  },
  { additionalProperties: false },
);

export const StaffListSchema = Type.Object({
  items: Type.Array(Type.Object({ id: Type.String({ format: 'uuid' }), username: Type.String(), displayName: Type.String(), roles: Type.Array(Type.String()) })),
});

// ——— Domains ———

export const DomainViewSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  sortOrder: Type.Integer(),
  defaultAgencyCode: Nullable(Type.String({ description: 'The agency that usually handles it' })),
  keywords: Type.Array(Type.String(), { description: 'Words operators type, hints for classification' }),
  active: Type.Boolean({ description: 'Inactive domains are kept for old tickets but not offered' }),
  origin: StringEnum(['reference', 'admin'], { description: 'reference: as shipped; admin: created or changed by an administrator (the loader keeps it)' }),
});

const domainFields = {
  name: Text(200, 'Vietnamese name'),
  nameEn: Text(200, 'English name'),
  sortOrder: Type.Integer({ minimum: -100000, maximum: 100000, description: 'Display order, smaller first' }),
  defaultAgencyCode: Nullable(Code('The agency that usually handles it (in force)')),
  keywords: Type.Array(Text(100, 'A keyword'), { maxItems: 100 }),
  active: Type.Boolean(),
};

export const CreateDomainBody = Type.Object(
  {
    code: Slug('Unique code, never changed later'),
    name: domainFields.name,
    nameEn: domainFields.nameEn,
    sortOrder: Type.Optional(domainFields.sortOrder),
    defaultAgencyCode: Type.Optional(domainFields.defaultAgencyCode),
    keywords: Type.Optional(domainFields.keywords),
    active: Type.Optional(domainFields.active),
  },
  { additionalProperties: false },
);

export const UpdateDomainBody = Type.Object(
  {
    name: Type.Optional(domainFields.name),
    nameEn: Type.Optional(domainFields.nameEn),
    sortOrder: Type.Optional(domainFields.sortOrder),
    defaultAgencyCode: Type.Optional(domainFields.defaultAgencyCode),
    keywords: Type.Optional(domainFields.keywords),
    active: Type.Optional(domainFields.active),
  },
  { additionalProperties: false, description: 'Only the fields sent change' },
);

export const DomainParams = Type.Object({ code: Code('The domain’s code') });
