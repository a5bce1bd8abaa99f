// AGENTS.md discovery: the user's global instructions ($CODEX_HOME/AGENTS.override.md or AGENTS.md)
// and the project's docs from the repository root down to the cwd, capped in size, sent to the
// model as one `# AGENTS.md instructions for <cwd>` block (upstream's layout).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const DOC_NAMES = ['AGENTS.override.md', 'AGENTS.md'];

function readFirst(dir: string, names: string[]): string | null {
  for (const name of names) {
    const file = path.join(dir, name);
    if (existsSync(file)) {
      const text = readFileSync(file, 'utf8');
      if (text.trim()) return text;
    }
  }
  return null;
}

/** Directories from the project root (nearest ancestor holding a root marker, default .git) down to cwd. */
export function projectDirs(cwd: string, markers: string[] = ['.git']): string[] {
  const chain: string[] = [];
  let dir = path.resolve(cwd);
  for (;;) {
    chain.unshift(dir);
    if (markers.some((m) => existsSync(path.join(dir, m)))) return chain;
    const parent = path.dirname(dir);
    if (parent === dir) return [path.resolve(cwd)]; // no root marker: only the cwd itself counts
    dir = parent;
  }
}

export function collectInstructions(opts: { codexHome: string; cwd: string; configInstructions?: string; maxBytes: number; fallbackNames?: string[] }): string | null {
  const user = [opts.configInstructions, readFirst(opts.codexHome, DOC_NAMES)].filter((t): t is string => Boolean(t?.trim()));
  const names = [...DOC_NAMES, ...(opts.fallbackNames ?? [])];
  let budget = opts.maxBytes;
  const docs: string[] = [];
  for (const dir of projectDirs(opts.cwd)) {
    const text = readFirst(dir, names);
    if (!text || budget <= 0) continue;
    const bytes = Buffer.from(text);
    docs.push(bytes.length > budget ? bytes.subarray(0, budget).toString('utf8') : text);
    budget -= bytes.length;
  }
  const parts = [...user];
  if (docs.length) parts.push((user.length ? '--- project-doc ---\n\n' : '') + docs.join('\n\n'));
  return parts.length ? parts.join('\n\n') : null;
}

export function agentsMdBlock(cwd: string, instructions: string): string {
  return `# AGENTS.md instructions for ${cwd}\n\n<INSTRUCTIONS>\n${instructions}\n</INSTRUCTIONS>`;
}

/** The directory and instructions of an agentsMdBlock text; null for any other text. */
export function parseAgentsMdBlock(text: string): { directory: string; text: string } | null {
  const m = /^# AGENTS\.md instructions for ([^\n]*)\n\n<INSTRUCTIONS>\n([\s\S]*)\n<\/INSTRUCTIONS>$/.exec(text);
  return m ? { directory: m[1], text: m[2] } : null;
}
