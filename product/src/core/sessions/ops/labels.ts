// Pins and tags: csm's own per-session labels, kept in an append-only side file
// ($CODEX_HOME/csm/labels.jsonl, newest entry per session wins) so they survive an index rebuild and
// never touch the rollouts upstream reads.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { labelsPath } from './labels-path.ts';

export interface Labels {
  pinned: boolean;
  tags: string[];
}

const lineSchema = z.object({ id: z.string(), pinned: z.boolean(), tags: z.array(z.string()), updated_at: z.string() });

export { labelsPath };

export function readLabels(codexHome: string): Map<string, Labels> {
  const out = new Map<string, Labels>();
  const file = labelsPath(codexHome);
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const v = lineSchema.parse(JSON.parse(line));
      out.set(v.id, { pinned: v.pinned, tags: v.tags });
    } catch {
      // a torn or foreign line: skipped, the rest still counts
    }
  }
  return out;
}

export function updateLabels(codexHome: string, id: string, change: (current: Labels) => Labels, now = new Date()): Labels {
  const current = readLabels(codexHome).get(id) ?? { pinned: false, tags: [] };
  const next = change(current);
  const tags = [...new Set(next.tags.map((t) => t.trim()).filter(Boolean))].sort();
  mkdirSync(path.dirname(labelsPath(codexHome)), { recursive: true });
  appendFileSync(labelsPath(codexHome), JSON.stringify({ id, pinned: next.pinned, tags, updated_at: now.toISOString() }) + '\n');
  return { pinned: next.pinned, tags };
}
