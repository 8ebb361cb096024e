// The staff roles the UI knows (DESIGN.md, "Who uses it").
export type Role = 'operator' | 'supervisor' | 'agency_focal' | 'agency_staff' | 'leader' | 'admin';

export const ROLES: readonly Role[] = ['operator', 'supervisor', 'agency_focal', 'agency_staff', 'leader', 'admin'];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** True when the user holds at least one of the roles. */
export function hasAnyRole(userRoles: readonly string[], allowed: readonly Role[]): boolean {
  return allowed.some((role) => userRoles.includes(role));
}
