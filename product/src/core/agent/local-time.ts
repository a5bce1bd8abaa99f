// The local date and IANA time zone for the environment context. Read from TZ or /etc/localtime
// rather than Intl: initialising ICU's time-zone data costs 15-25 ms of every start.
import { readlinkSync } from 'node:fs';

/** IANA name as upstream writes it: "Etc/UTC" (not Node's alias "UTC"), "Europe/Paris", … */
export function localTimeZone(env: NodeJS.ProcessEnv = process.env, localtime = '/etc/localtime'): string {
  const name = env.TZ?.replace(/^:/, '').trim() || zoneFromLink(localtime) || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  return name === 'UTC' ? 'Etc/UTC' : name;
}

function zoneFromLink(file: string): string | undefined {
  try {
    const target = readlinkSync(file);
    const i = target.indexOf('zoneinfo/');
    return i >= 0 ? target.slice(i + 'zoneinfo/'.length) : undefined;
  } catch {
    return undefined;
  }
}

/** YYYY-MM-DD in local time. */
export function localDate(d = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}
