// The line-type skeleton of the rollout files a run left: what kinds of lines, in which order.
// Payload contents (prompts, timestamps, ids) are not compared here.
import type { RolloutFile } from '../drivers/result.ts';

export interface RolloutShape {
  lines: string[];
  malformed: number;
}

function lineKind(v: Record<string, unknown>): string {
  const payload = (v.payload ?? {}) as Record<string, unknown>;
  const sub = typeof payload.type === 'string' ? `/${payload.type}` : '';
  const role = payload.type === 'message' && typeof payload.role === 'string' ? `:${payload.role}` : '';
  return `${String(v.type)}${sub}${role}`;
}

export function rolloutShape(file: RolloutFile): RolloutShape {
  const lines: string[] = [];
  let malformed = 0;
  for (const line of file.text.split('\n')) {
    if (!line.trim()) continue;
    try {
      lines.push(lineKind(JSON.parse(line)));
    } catch {
      malformed++;
    }
  }
  return { lines, malformed };
}
