import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { publicRoute } from '../../lib/rate-limits.ts';
import { problems } from '../../lib/schemas.ts';
import { localToday } from '../../lib/time.ts';
import {
  DomainSchema,
  OrgUnitQuerySchema,
  OrgUnitSchema,
  OutOfScopeSchema,
  listOf,
} from './reference.schemas.ts';
import { listDomains, listOrgUnits, listOutOfScope } from './reference.service.ts';

/** Citizens' endpoints: no sign-in, so a per-address rate limit. */

/** Public reference data: what citizens pick from and read before they submit. */
export const referenceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const PUBLIC = publicRoute(app.deps.config, 'read');
  const db = () => app.deps.database.db;

  app.get(
    '/public/domains',
    { config: PUBLIC, schema: { tags: ['reference'], summary: 'Domains (lĩnh vực) a ticket can be about', response: { 200: listOf(DomainSchema) } } },
    async () => ({ items: await listDomains(db()) }),
  );

  app.get(
    '/public/out-of-scope',
    {
      config: PUBLIC,
      schema: {
        tags: ['reference'],
        summary: 'What 1022 does not handle, and where to go instead',
        response: { 200: listOf(OutOfScopeSchema) },
      },
    },
    async () => ({ items: await listOutOfScope(db()) }),
  );

  app.get(
    '/public/org-units',
    {
      config: PUBLIC,
      schema: {
        tags: ['reference'],
        summary: 'The organization tree: agencies, communes and wards (effective-dated)',
        querystring: OrgUnitQuerySchema,
        response: { 200: listOf(OrgUnitSchema), ...problems(400) },
      },
    },
    async (req) => {
      const { kind, on, q } = req.query;
      const items = await listOrgUnits(db(), {
        ...(kind ? { kinds: kind } : {}),
        ...(on === 'all' ? {} : { on: on ?? localToday(app.deps.clock.now()) }),
        ...(q ? { q } : {}),
      });
      return { items };
    },
  );
};
