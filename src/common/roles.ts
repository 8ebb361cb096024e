/** The staff roles (DESIGN.md, "Who uses it"), shared by the server's policies and the web app's menus. */
export const ROLES = ['admin', 'supervisor', 'operator', 'agency_focal', 'agency_staff', 'leader'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Roles that must use two-factor authentication. */
export const MFA_REQUIRED_ROLES: readonly Role[] = ['admin', 'supervisor'];

/** True when the user holds at least one of the roles. */
export function hasAnyRole(userRoles: readonly string[], allowed: readonly Role[]): boolean {
  return allowed.some((role) => userRoles.includes(role));
}

export function mfaRequiredFor(roles: readonly string[]): boolean {
  return hasAnyRole(roles, MFA_REQUIRED_ROLES);
}
