/**
 * What an API token (for machines: the province's mobile app, a PBX, Open311 clients, a log
 * collector) may be allowed to do. A route names the scopes that open it to tokens; a token
 * reaches no route that does not name one of its scopes.
 */
export const API_TOKEN_SCOPES = {
  'audit:read': 'Đọc nhật ký kiểm toán / read the audit trail',
  'tickets:read': 'Đọc phiếu / read tickets',
  'tickets:write': 'Tạo và cập nhật phiếu / create and update tickets',
  'calls:write': 'Ghi nhận cuộc gọi từ tổng đài điện thoại / record calls from the PBX',
  open311: 'Giao diện Open311 GeoReport v2 / the Open311 interface',
} as const;

export type ApiTokenScope = keyof typeof API_TOKEN_SCOPES;
export const API_TOKEN_SCOPE_NAMES = Object.keys(API_TOKEN_SCOPES) as ApiTokenScope[];
