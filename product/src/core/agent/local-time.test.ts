import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localDate, localTimeZone } from './local-time.ts';

describe('the local time zone', () => {
  it('comes from TZ first, with UTC spelled as upstream does', () => {
    expect(localTimeZone({ TZ: 'Europe/Paris' })).toBe('Europe/Paris');
    expect(localTimeZone({ TZ: ':America/New_York' })).toBe('America/New_York');
    expect(localTimeZone({ TZ: 'UTC' })).toBe('Etc/UTC');
  });
  it('else from the /etc/localtime link', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'csm-tz-'));
    const link = path.join(dir, 'localtime');
    symlinkSync('/usr/share/zoneinfo/Asia/Tokyo', link);
    expect(localTimeZone({}, link)).toBe('Asia/Tokyo');
  });
  it('else from Intl', () => {
    expect(localTimeZone({}, '/nonexistent')).toMatch(/\//);
  });
});

describe('the local date', () => {
  it('is YYYY-MM-DD', () => {
    expect(localDate(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});
