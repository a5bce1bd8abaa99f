// The dashboard's batch "accept these" file for an upstream bump: the staged scenarios a reviewer
// ticked, each with the hashes of the staged files the report showed. `lab accept DIR --from-file F`
// accepts exactly those, and only while the staging directory still holds what was reviewed.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { readManifest } from '../golden/staging.ts';

export const acceptFileSchema = z.object({
  kind: z.literal('lab-accept'),
  upstream: z.string(),
  staging: z.string().optional(),
  scenarios: z.record(z.string(), z.record(z.string(), z.string())),
});
export type AcceptFile = z.infer<typeof acceptFileSchema>;

export function readAcceptFile(file: string): AcceptFile {
  const parsed = acceptFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: not an accept file: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** The scenarios an accept file names, after checking they are staged in `dir` with the hashes it was reviewed with. */
export function scenariosToAccept(dir: string, file: AcceptFile): string[] {
  const m = readManifest(dir);
  if (file.upstream !== m.upstream) throw new Error(`the accept file is for upstream ${file.upstream}; ${dir} holds ${m.upstream}`);
  const bad: string[] = [];
  for (const [name, hashes] of Object.entries(file.scenarios)) {
    const staged = m.scenarios[name];
    if (!staged) {
      bad.push(`${name}: not staged in ${dir}`);
      continue;
    }
    const files = [...new Set([...Object.keys(staged), ...Object.keys(hashes)])].sort();
    const differing = files.filter((f) => staged[f] !== hashes[f]);
    if (differing.length) bad.push(`${name}: re-recorded since the report was made (${differing.join(', ')})`);
  }
  if (bad.length) throw new Error(`nothing accepted:\n  ${bad.join('\n  ')}`);
  return Object.keys(file.scenarios).sort();
}
