import { describe, expect, it } from 'vitest';
import { parseSlash, SLASH_COMMANDS } from './slash.ts';
import { slashOutcome } from './slash-dispatch.ts';

const run = (line: string, hasTurns = false) => slashOutcome(parseSlash(line)!, { threadId: 't-1', hasTurns });

describe('slash commands', () => {
  it("lists upstream 0.171.0's 55 commands, /model first and /subagents last", () => {
    expect(SLASH_COMMANDS).toHaveLength(55);
    expect([SLASH_COMMANDS[0].name, SLASH_COMMANDS.at(-1)!.name]).toEqual(['model', 'subagents']);
    expect(new Set(SLASH_COMMANDS.map((c) => c.name)).size).toBe(55);
  });

  it('says in one line that csm lacks a command upstream has, and never sends it to the model', () => {
    expect(run('/ide')).toEqual({ kind: 'notice', text: '/ide is not available in csm yet.' });
  });

  it("refuses a name nobody has with upstream's line, keeping it in the composer", () => {
    expect(run('/zzq')).toEqual({ kind: 'notice', text: `Unrecognized command '/zzq'. Type "/" for a list of supported commands.`, keep: true });
  });

  it("runs upstream's hidden aliases as the command they stand for", () => {
    expect(run('/quit')).toEqual({ kind: 'quit' });
  });

  it('shows the status card and the working directory', () => {
    expect(run('/status')).toEqual({ kind: 'status' });
    expect(run('/pwd')).toEqual({ kind: 'pwd' });
  });

  it('opens the diff pager, the model and permission lists, and copies the newest answer', () => {
    expect(run('/diff')).toEqual({ kind: 'diff' });
    expect(run('/model')).toEqual({ kind: 'model' });
    expect(run('/permissions')).toEqual({ kind: 'permissions' });
    expect(run('/approvals')).toEqual({ kind: 'permissions' });
    expect(run('/copy')).toEqual({ kind: 'copy' });
    expect(run('/fast')).toEqual({ kind: 'fast' });
    expect(run('/ps')).toEqual({ kind: 'ps' });
    expect(run('/stop')).toEqual({ kind: 'stop' });
  });

  it('asks the model, on /init, for an AGENTS.md written from the repository', () => {
    const outcome = run('/init');
    expect(outcome.kind).toBe('prompt');
    expect(outcome.kind === 'prompt' && outcome.text).toMatch(/AGENTS\.md/);
  });

  it('starts a new chat on /clear, as on /new', () => {
    expect(run('/clear', true)).toEqual(run('/new', true));
    expect(run('/clear')).toEqual({ kind: 'switch', target: { kind: 'new' } });
  });

  it('has no auto-review denial to approve, in one line with its explanation in grey', () => {
    expect(run('/approve')).toMatchObject({ kind: 'notice', text: 'No recent auto-review denials in this thread.', flush: true });
  });
});
