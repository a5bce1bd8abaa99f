// `csm apply SESSION`: the file edits of a session's latest turn that made any, applied here; codex's
// cloud task ids are named as out of reach.
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { say, tempCodexHome, writeSession } from '#test-support/sessions';
import { makeWorkspace, patchText, type TestWorkspace } from '#test-support/workspace';
import { applyCommand } from './apply.ts';

const patchCall = (input: string, n: number) => ({
  type: 'response_item' as const,
  payload: { type: 'custom_tool_call', status: 'completed', call_id: `call_${n}`, name: 'apply_patch', input },
});

const addHello = patchText('*** Begin Patch', '*** Add File: hello.txt', '+hello', '*** End Patch');
const editHello = patchText('*** Begin Patch', '*** Update File: hello.txt', '@@', '-hello', '+hello world', '*** End Patch');
const addNotes = patchText('*** Begin Patch', '*** Add File: docs/notes.md', '+# Notes', '*** End Patch');

const codexHome = tempCodexHome();
const saved = process.env.CODEX_HOME;
process.env.CODEX_HOME = codexHome;
afterAll(() => {
  if (saved === undefined) delete process.env.CODEX_HOME;
  else process.env.CODEX_HOME = saved;
  rmSync(codexHome, { recursive: true, force: true });
});

// Three turns: the first adds hello.txt, the second edits it and adds notes, the third only talks.
const edits = writeSession(codexHome, {
  createdAt: new Date(Date.UTC(2026, 10, 2, 9, 0, 0)),
  extra: [say('user', 'create hello'), patchCall(addHello, 1), say('user', 'edit it and add notes'), patchCall(editHello, 2), patchCall(addNotes, 3), say('user', 'thanks'), say('assistant', 'You are welcome.')],
});
const talk = writeSession(codexHome, { createdAt: new Date(Date.UTC(2026, 10, 2, 10, 0, 0)), turns: [{ user: 'hi', agent: 'hello' }] });

let ws: TestWorkspace;
let stderr: string[];
let stdout: string[];
beforeEach(() => {
  ws = makeWorkspace('csm-apply-');
  stderr = [];
  stdout = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (stderr.push(String(s)), true));
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (stdout.push(String(s)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  ws.remove();
});

describe('csm apply', () => {
  it("applies the edits of the session's latest turn that made any, in order, and says so", async () => {
    ws.write('hello.txt', 'hello\n');
    expect(await applyCommand(edits.id, ws.root)).toBe(0);
    expect(ws.read('hello.txt')).toBe('hello world\n');
    expect(ws.read('docs/notes.md')).toBe('# Notes\n');
    expect(stdout.join('')).toBe(`Applied the changes of session ${edits.id} (2 patches) to ${ws.root}\n`);
    expect(stderr).toEqual([]);
  });

  it('fails naming the file and the lines it could not find when the edits do not apply to the tree here', async () => {
    ws.write('hello.txt', 'something else\n');
    expect(await applyCommand(edits.id, ws.root)).toBe(1);
    expect(stderr.join('')).toBe("Error: the session's changes do not apply here: Failed to find expected lines in hello.txt (hunk at patch line 3):\nhello\n");
    expect(ws.read('hello.txt')).toBe('something else\n');
  });

  it('says when the session made no file changes', async () => {
    expect(await applyCommand(talk.id, ws.root)).toBe(1);
    expect(stderr.join('')).toBe(`Error: session ${talk.id} made no file changes to apply\n`);
    expect(ws.files()).toEqual([]);
  });

  it('names cloud task ids as out of reach when the argument is no session', async () => {
    expect(await applyCommand('task_e_0123456789abcdef', ws.root)).toBe(1);
    expect(stderr.join('')).toBe('Error: no session matches "task_e_0123456789abcdef" (csm applies a local session\'s changes; codex cloud task ids are not in csm)\n');
    expect(stdout).toEqual([]);
  });
});
