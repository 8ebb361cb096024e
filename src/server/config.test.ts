import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('runs on the real clock unless told otherwise', () => {
    expect(loadConfig({}).testClockOffsetMinutes).toBe(0);
  });

  it('moves the clock only in a test run (NODE_ENV=test)', () => {
    expect(loadConfig({ NODE_ENV: 'test', TEST_CLOCK_OFFSET_MINUTES: '43200' }).testClockOffsetMinutes).toBe(43200);
    expect(() => loadConfig({ TEST_CLOCK_OFFSET_MINUTES: '43200' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', TEST_CLOCK_OFFSET_MINUTES: '-60' })).toThrow(/TEST_CLOCK_OFFSET_MINUTES/);
  });
});
