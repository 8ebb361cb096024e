/** Who answers for an agency: its focal points (users who receive forwarded tickets and reminders). */
import { index, pgTable, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';
import { orgUnits } from './reference.ts';
import { users } from './users.ts';

/**
 * The focal points an administrator named for a unit. When a unit names none, its active users
 * with the agency_focal role are its focal points.
 */
export const orgUnitFocalPoints = pgTable(
  'org_unit_focal_points',
  {
    orgUnitId: uuid('org_unit_id').notNull().references(() => orgUnits.id),
    userId: uuid('user_id').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgUnitId, t.userId] }), index('org_unit_focal_points_user_idx').on(t.userId)],
);
