/** The public citizen portal's addresses (no login). */
export const CITIZEN_BASE = '/cong-dan';
export const CITIZEN_PATHS = {
  home: CITIZEN_BASE,
  submit: `${CITIZEN_BASE}/gui`,
  track: `${CITIZEN_BASE}/tra-cuu`,
  scope: `${CITIZEN_BASE}/pham-vi`,
} as const;
