// How session rows look in a terminal: relative times, one line per session, search hits with snippets.
import type { SearchHit, SessionInfo } from '../core/sessions/index.ts';

export function ago(ms: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

const oneLine = (t: string | null, max: number) => {
  const s = (t ?? '').replace(/\s+/g, ' ').trim();
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
};

export function title(s: SessionInfo): string {
  if (s.name) return s.name;
  if (s.firstUserMessage) return oneLine(s.firstUserMessage, 60);
  return s.forkedFromId ? `(fork of ${s.forkedFromId.slice(0, 8)})` : '';
}

/** `shortId` gives the id as shown (the shortest prefix that resolves); ids differ in length, so the column is padded to the widest. */
export function sessionLine(s: SessionInfo, opts: { cwd: boolean; pinned?: boolean; tags?: string[]; shortId: string; idWidth?: number }): string {
  const cols = [ago(s.updatedAt).padEnd(8), opts.shortId.padEnd(opts.idWidth ?? 8), (opts.pinned ? '★ ' : '') + oneLine(title(s), 60).padEnd(opts.pinned ? 58 : 60)];
  if (opts.cwd) cols.push(oneLine(s.cwd, 40));
  if (opts.tags?.length) cols.push(opts.tags.map((t) => `#${t}`).join(' '));
  return cols.join('  ').trimEnd();
}

export function hitLines(h: SearchHit, shortId: string): string {
  return `${shortId}  turn ${h.turn} (${h.role})  ${oneLine(title(h.session), 50)}\n    ${oneLine(h.snippet, 110)}`;
}
