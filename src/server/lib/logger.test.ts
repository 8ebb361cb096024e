import { expect, it } from 'vitest';
import { maskUrl } from './logger.ts';

it('keeps answer-link tokens and sensitive query values out of logged URLs', () => {
  expect(maskUrl('/api/v1/public/agency-answers/AbC-123_xyz?x=1')).toBe('/api/v1/public/agency-answers/***?x=1');
  expect(maskUrl('/tra-loi/AbC-123_xyz')).toBe('/tra-loi/***');
  expect(maskUrl('/api/v1/public/tickets/1022-2026-000001?phone=0912345678')).toBe('/api/v1/public/tickets/1022-2026-000001?phone=***');
  expect(maskUrl('/api/v1/tickets/1022-2026-000001')).toBe('/api/v1/tickets/1022-2026-000001');
});
