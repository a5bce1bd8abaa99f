import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentsMdBlock, collectInstructions } from './agents-md.ts';

function tree() {
  const root = mkdtempSync(path.join(tmpdir(), 'agents-'));
  const home = path.join(root, 'home');
  const repo = path.join(root, 'repo');
  const sub = path.join(repo, 'pkg', 'sub');
  for (const d of [home, path.join(repo, '.git'), sub]) mkdirSync(d, { recursive: true });
  return { home, repo, sub };
}

describe('AGENTS.md instructions', () => {
  it('concatenate the project docs from the repository root down to the cwd', () => {
    const t = tree();
    writeFileSync(path.join(t.repo, 'AGENTS.md'), 'root rules\n');
    writeFileSync(path.join(t.repo, 'pkg', 'AGENTS.md'), 'pkg rules\n');
    expect(collectInstructions({ codexHome: t.home, cwd: t.sub, maxBytes: 32768 })).toBe('root rules\n\n\npkg rules\n');
  });

  it('prefer AGENTS.override.md in a directory and put global instructions first', () => {
    const t = tree();
    writeFileSync(path.join(t.repo, 'AGENTS.md'), 'plain');
    writeFileSync(path.join(t.repo, 'AGENTS.override.md'), 'override');
    writeFileSync(path.join(t.home, 'AGENTS.md'), 'global');
    expect(collectInstructions({ codexHome: t.home, cwd: t.repo, maxBytes: 32768 })).toBe('global\n\n--- project-doc ---\n\noverride');
  });

  it('cap the project docs at project_doc_max_bytes and return null when there are none', () => {
    const t = tree();
    expect(collectInstructions({ codexHome: t.home, cwd: t.repo, maxBytes: 10 })).toBeNull();
    writeFileSync(path.join(t.repo, 'AGENTS.md'), 'x'.repeat(100));
    expect(collectInstructions({ codexHome: t.home, cwd: t.repo, maxBytes: 10 })).toBe('x'.repeat(10));
  });

  it('render as the block the model sees', () => {
    expect(agentsMdBlock('/w', 'rules\n')).toBe('# AGENTS.md instructions for /w\n\n<INSTRUCTIONS>\nrules\n\n</INSTRUCTIONS>');
  });
});
