// The staff app's pages and who may open them. The side menu and the routes are
// both built from this list, so a page and its menu entry cannot drift apart.
// Pages still to be written render EmptyStatePage; a portal replaces that by
// setting `page` on its entry.
import {
  AlertOutlined,
  ApartmentOutlined,
  ApiOutlined,
  AuditOutlined,
  BarChartOutlined,
  BookOutlined,
  BranchesOutlined,
  CalendarOutlined,
  ClockCircleOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  DesktopOutlined,
  EyeOutlined,
  FileAddOutlined,
  FileSearchOutlined,
  InboxOutlined,
  KeyOutlined,
  SolutionOutlined,
  TagsOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ComponentType } from 'react';
import { hasAnyRole, ROLES, type Role } from '../../common/roles.ts';
import { SessionsPage, SESSIONS_PATH } from '../features/profile/SessionsPage.tsx';
import { TicketPage } from '../features/tickets/TicketPage.tsx';
import { ApiTokensPage } from './admin/ApiTokensPage.tsx';
import { AuditPage } from './admin/AuditPage.tsx';
import { CalendarPage } from './admin/CalendarPage.tsx';
import { DeadlinePoliciesPage } from './admin/DeadlinePoliciesPage.tsx';
import { DomainsPage } from './admin/DomainsPage.tsx';
import { OrgUnitsPage } from './admin/OrgUnitsPage.tsx';
import { RoutingRulesPage } from './admin/RoutingRulesPage.tsx';
import { UsersPage } from './admin/UsersPage.tsx';
import { AgencyAssignedPage, AgencyInboxPage } from './agency/AgencyTicketsPage.tsx';
import { ProlongedPage } from './leader/ProlongedPage.tsx';
import { SupervisionPage } from './leader/SupervisionPage.tsx';
import { TimelinessPage } from './leader/TimelinessPage.tsx';
import { NewTicketPage } from './operator/NewTicketPage.tsx';
import { TicketsConsolePage } from './operator/TicketsConsolePage.tsx';

export type NavSection = 'work' | 'agency' | 'oversight' | 'admin';

/** Keys under `nav.` in the translation files. */
export type NavKey =
  | 'tickets'
  | 'ticket'
  | 'newTicket'
  | 'knowledge'
  | 'care'
  | 'agencyInbox'
  | 'assigned'
  | 'supervision'
  | 'prolonged'
  | 'reports'
  | 'users'
  | 'orgUnits'
  | 'domains'
  | 'routingRules'
  | 'deadlines'
  | 'calendar'
  | 'channels'
  | 'apiTokens'
  | 'audit'
  | 'sessions';

export interface NavItem {
  key: NavKey;
  /** Absolute path of the page. */
  path: string;
  section: NavSection;
  /** Roles that see the entry and may open the page. */
  roles: readonly Role[];
  icon: ComponentType;
  /** The page; until a portal provides it, an empty state titled with the entry's name. */
  page?: ComponentType;
  /** A route without a menu entry (e.g. one ticket, reached from the lists). */
  hidden?: boolean;
}

export const NAV_SECTIONS: readonly NavSection[] = ['work', 'agency', 'oversight', 'admin'];

export const HOME_ICON = DashboardOutlined;

export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'newTicket', path: '/tickets/new', section: 'work', roles: ['operator', 'supervisor'], icon: FileAddOutlined, page: NewTicketPage },
  { key: 'tickets', path: '/tickets', section: 'work', roles: ['operator', 'supervisor', 'leader'], icon: FileSearchOutlined, page: TicketsConsolePage },
  {
    key: 'ticket',
    path: '/tickets/:code',
    section: 'work',
    roles: ['operator', 'supervisor', 'leader', 'admin', 'agency_focal', 'agency_staff'],
    icon: FileSearchOutlined,
    page: TicketPage,
    hidden: true,
  },
  {
    key: 'knowledge',
    path: '/knowledge',
    section: 'work',
    roles: ['operator', 'supervisor', 'agency_focal', 'agency_staff', 'leader'],
    icon: BookOutlined,
  },
  { key: 'care', path: '/care', section: 'work', roles: ['operator', 'supervisor'], icon: CustomerServiceOutlined },
  { key: 'agencyInbox', path: '/agency/inbox', section: 'agency', roles: ['agency_focal'], icon: InboxOutlined, page: AgencyInboxPage },
  {
    key: 'assigned',
    path: '/agency/assigned',
    section: 'agency',
    roles: ['agency_focal', 'agency_staff'],
    icon: SolutionOutlined,
    page: AgencyAssignedPage,
  },
  { key: 'supervision', path: '/supervision', section: 'oversight', roles: ['supervisor', 'leader'], icon: EyeOutlined, page: SupervisionPage },
  // The reports API reads for leaders, supervisors and administrators.
  { key: 'prolonged', path: '/prolonged', section: 'oversight', roles: ['supervisor', 'leader', 'admin'], icon: AlertOutlined, page: ProlongedPage },
  { key: 'reports', path: '/reports', section: 'oversight', roles: ['supervisor', 'leader', 'admin'], icon: BarChartOutlined, page: TimelinessPage },
  { key: 'users', path: '/admin/users', section: 'admin', roles: ['admin'], icon: TeamOutlined, page: UsersPage },
  { key: 'orgUnits', path: '/admin/org-units', section: 'admin', roles: ['admin'], icon: ApartmentOutlined, page: OrgUnitsPage },
  { key: 'domains', path: '/admin/domains', section: 'admin', roles: ['admin'], icon: TagsOutlined, page: DomainsPage },
  { key: 'routingRules', path: '/admin/routing-rules', section: 'admin', roles: ['admin'], icon: BranchesOutlined, page: RoutingRulesPage },
  { key: 'deadlines', path: '/admin/deadlines', section: 'admin', roles: ['admin'], icon: ClockCircleOutlined, page: DeadlinePoliciesPage },
  { key: 'calendar', path: '/admin/calendar', section: 'admin', roles: ['admin'], icon: CalendarOutlined, page: CalendarPage },
  { key: 'channels', path: '/admin/channels', section: 'admin', roles: ['admin'], icon: ApiOutlined },
  { key: 'apiTokens', path: '/admin/tokens', section: 'admin', roles: ['admin'], icon: KeyOutlined, page: ApiTokensPage },
  { key: 'audit', path: '/admin/audit', section: 'admin', roles: ['admin'], icon: AuditOutlined, page: AuditPage },
  // Every signed-in user's own sessions, reached from the user menu (and by address).
  { key: 'sessions', path: SESSIONS_PATH, section: 'work', roles: ROLES, icon: DesktopOutlined, page: SessionsPage, hidden: true },
];

/** The menu entries a user with these roles may use, in menu order (routes without an entry left out). */
export function navItemsFor(userRoles: readonly string[]): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.hidden && hasAnyRole(userRoles, item.roles));
}
