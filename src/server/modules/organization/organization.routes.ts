import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ROLES } from '../../../common/roles.ts';
import { problems } from '../../lib/schemas.ts';
import { createDomain, listDomainViews, updateDomain } from './domains.service.ts';
import {
  CreateDomainBody,
  CreateOrgUnitBody,
  DomainParams,
  DomainViewSchema,
  OrgUnitListQuery,
  OrgUnitParams,
  OrgUnitViewSchema,
  SetFocalPointsBody,
  SetSuccessorsBody,
  StaffListSchema,
  UpdateDomainBody,
  UpdateOrgUnitBody,
} from './organization.schemas.ts';
import { createOrgUnit, getOrgUnit, listOrgUnitViews, listUnitStaff, setFocalPoints, setSuccessors, updateOrgUnit } from './org-units.service.ts';

const staff = { access: { roles: ROLES } } as const;
const admin = { access: { roles: ['admin'] } } as const;

/** The organization tree and the domains: every staff member reads them, administrators edit them. */
export const organizationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['organization'];

  app.get(
    '/org-units',
    {
      config: staff,
      schema: { tags, summary: 'Org units with contacts, head, successors and focal points; search without accents', querystring: OrgUnitListQuery, response: { 200: Type.Object({ items: Type.Array(OrgUnitViewSchema) }), ...problems(400, 401, 403) } },
    },
    async (req) => ({ items: await listOrgUnitViews(app.deps, req.query) }),
  );

  app.get(
    '/org-units/:code',
    { config: staff, schema: { tags, summary: 'One org unit', params: OrgUnitParams, response: { 200: OrgUnitViewSchema, ...problems(400, 401, 403, 404) } } },
    async (req) => getOrgUnit(app.deps, req.params.code),
  );

  app.post(
    '/org-units',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Add an org unit',
        description: 'Refused: a taken code (409 `org_unit.code_taken`), validTo before validFrom (422 `org_unit.invalid_period`), an email-only unit without email (422 `org_unit.email_required`), an unknown parent or head account (422 `request.validation_failed`).',
        body: CreateOrgUnitBody,
        response: { 201: OrgUnitViewSchema, ...problems(400, 401, 403, 409, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await createOrgUnit(app.deps, req.actor, req.body)),
  );

  app.patch(
    '/org-units/:code',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Edit an org unit (the reference loader keeps the edit)',
        description: 'Besides the refusals of POST: a stale `version` (409 `org_unit.version_conflict`), a parent that is the unit itself or below it (422 `org_unit.parent_cycle`).',
        params: OrgUnitParams,
        body: UpdateOrgUnitBody,
        response: { 200: OrgUnitViewSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) => updateOrgUnit(app.deps, req.actor, req.params.code, req.body),
  );

  app.put(
    '/org-units/:code/successors',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Set the units that took over this one (merges, splits)',
        description: 'Refused with 422 `org_unit.invalid_successors`, naming each bad code: the unit itself, an unknown or ended unit, a cycle.',
        params: OrgUnitParams,
        body: SetSuccessorsBody,
        response: { 200: OrgUnitViewSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) => setSuccessors(app.deps, req.actor, req.params.code, req.body),
  );

  app.put(
    '/org-units/:code/focal-points',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Name the focal points who receive the unit’s forwarded tickets',
        description: 'Each must be an active account of this unit, else 422 `org_unit.invalid_focal_points`. An empty list: the unit’s active agency_focal users act as focal points.',
        params: OrgUnitParams,
        body: SetFocalPointsBody,
        response: { 200: OrgUnitViewSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) => setFocalPoints(app.deps, req.actor, req.params.code, req.body),
  );

  app.get(
    '/org-units/:code/staff',
    {
      config: { access: { roles: ['admin', 'supervisor', 'operator', 'agency_focal'] } },
      schema: { tags, summary: 'Active accounts of a unit (an agency focal point: their own unit only)', params: OrgUnitParams, response: { 200: StaffListSchema, ...problems(400, 401, 403, 404) } },
    },
    async (req) => listUnitStaff(app.deps, req.actor, req.params.code),
  );

  app.get(
    '/domains',
    { config: staff, schema: { tags, summary: 'Domains (lĩnh vực), inactive ones included', response: { 200: Type.Object({ items: Type.Array(DomainViewSchema) }), ...problems(401, 403) } } },
    async () => ({ items: await listDomainViews(app.deps) }),
  );

  app.post(
    '/domains',
    {
      config: admin,
      schema: { tags, summary: 'Add a domain', description: 'A taken code: 409 `domain.code_taken`; an unknown or ended default agency: 422.', body: CreateDomainBody, response: { 201: DomainViewSchema, ...problems(400, 401, 403, 409, 422) } },
    },
    async (req, reply) => reply.status(201).send(await createDomain(app.deps, req.actor, req.body)),
  );

  app.patch(
    '/domains/:code',
    {
      config: admin,
      schema: { tags, summary: 'Edit a domain (deactivate rather than delete; the reference loader keeps the edit)', params: DomainParams, body: UpdateDomainBody, response: { 200: DomainViewSchema, ...problems(400, 401, 403, 404, 422) } },
    },
    async (req) => updateDomain(app.deps, req.actor, req.params.code, req.body),
  );
};
