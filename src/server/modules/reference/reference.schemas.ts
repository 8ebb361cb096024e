import { Type } from 'typebox';
import { StringEnum } from '../../lib/schemas.ts';

const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD (Asia/Ho_Chi_Minh local date)' });

export const DomainSchema = Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() });

export const OutOfScopeSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  guidance: Type.String({ description: 'Where the citizen should go instead (Vietnamese)' }),
  guidanceEn: Type.String(),
  legalBasis: Type.String(),
});

export const OrgUnitKindSchema = StringEnum(['province', 'department', 'police', 'social_insurance', 'utility', 'office', 'inspectorate', 'hotline', 'ward', 'commune', 'district', 'other']);

export const OrgUnitSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  shortName: Type.Union([Type.String(), Type.Null()]),
  kind: Type.String(),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  validFrom: Type.Union([IsoDate, Type.Null()]),
  validTo: Type.Union([IsoDate, Type.Null()]),
  successorCodes: Type.Array(Type.String(), { description: 'For an ended unit: the units that took over' }),
});

export const OrgUnitQuerySchema = Type.Object(
  {
    kind: Type.Optional(Type.Array(OrgUnitKindSchema, { maxItems: 12 })),
    on: Type.Optional(Type.Union([IsoDate, Type.Literal('all')], { description: 'Units in force on this date (default today); `all` includes ended units' })),
    q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of the name, accents optional' })),
  },
  { additionalProperties: false },
);

export const listOf = <T extends Parameters<typeof Type.Array>[0]>(item: T) => Type.Object({ items: Type.Array(item) });
