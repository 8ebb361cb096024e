import type { ReactNode } from 'react';
import { ResultPage } from '../../components/ResultPage.tsx';
import { hasAnyRole, type Role } from '../../../common/roles.ts';
import { useCurrentUser } from './session.ts';

/** Shows its children only to users holding one of the roles; others see "access denied". */
export function RoleGate({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const user = useCurrentUser();
  return hasAnyRole(user.roles, roles) ? children : <ResultPage kind="forbidden" />;
}
