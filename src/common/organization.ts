/**
 * The organization contract shared by the server's admin API and the web app: unit kinds, the
 * views of org units and domains the API returns, and the fields an administrator edits.
 */

/** What a unit is (district: the level abolished by the 2025 reform, kept for old tickets). */
export const ORG_UNIT_KINDS = [
  'province',
  'department',
  'police',
  'social_insurance',
  'utility',
  'office',
  'inspectorate',
  'hotline',
  'ward',
  'commune',
  'district',
  'other',
] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];

/** Where a row comes from: the shipped reference data, or an administrator (the loader leaves those alone). */
export type DataOrigin = 'reference' | 'admin';

export interface FocalPoint {
  userId: string;
  username: string;
  displayName: string;
}

/** The editable fields of a unit, as the API names them; null clears one. */
export interface OrgUnitFields {
  name: string;
  shortName: string | null;
  kind: OrgUnitKind;
  parentCode: string | null;
  validFrom: string | null;
  validTo: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  headName: string | null;
  headTitle: string | null;
  headEmail: string | null;
  headUserId: string | null;
  emailOnly: boolean;
  aliases: string[];
  note: string | null;
}

/** An org unit as `GET /api/v1/org-units` returns it: its fields, and what follows from them. */
export interface OrgUnitView extends Omit<OrgUnitFields, 'kind'> {
  code: string;
  /** A kind the reference data may hold beyond the editable ones. */
  kind: string;
  /** Ended before today (Asia/Ho_Chi_Minh). */
  ended: boolean;
  successorCodes: string[];
  predecessorCodes: string[];
  focalPoints: FocalPoint[];
  version: number;
  origin: DataOrigin;
}

/** A domain (lĩnh vực) as `GET /api/v1/domains` returns it. */
export interface DomainView {
  code: string;
  name: string;
  nameEn: string;
  sortOrder: number;
  defaultAgencyCode: string | null;
  keywords: string[];
  active: boolean;
  origin: DataOrigin;
}

/** The editable fields of a domain. */
export type DomainFields = Omit<DomainView, 'code' | 'origin'>;
