// Sessions are shared with upstream Codex: a session csm names can be resumed by that name with the
// real upstream binary, and sessions upstream writes show up in csm's list and search.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createRunHome, runPiped, targetEnv, writeConfig, writeWorkspace, type TargetName } from '#lab/drivers';
import { startMockServer } from '#lab/mock';

const run = createRunHome('sessions-interop');
afterAll(() => rmSync(run.root, { recursive: true, force: true }));

// Asynchronous on purpose: the mock server lives in this process and must keep answering.
async function cli(target: TargetName, argv: string[]) {
  const inv = await runPiped(target, argv, { cwd: run.workspace, env: targetEnv(run, { tty: false }), timeoutMs: 60_000 });
  return { code: inv.exitCode, stdout: inv.stdout, stderr: inv.stderr };
}

describe('sessions shared with upstream Codex', () => {
  it('a session csm wrote and named is resumed by that name by upstream, which sends its history', async () => {
    writeWorkspace(run, { git: true, files: {} });
    const mock = await startMockServer({ turns: [{ output: [{ text: 'Noted: kiwi.' }] }, { output: [{ text: 'The word was kiwi.' }] }] } as never);
    try {
      writeConfig(run, mock.url, '');
      expect((await cli('csm', ['exec', 'remember the word kiwi'])).code).toBe(0);
      const listed = JSON.parse((await cli('csm', ['sessions', 'list', '--json'])).stdout);
      expect(listed.items).toHaveLength(1);
      const id = listed.items[0].id;
      expect((await cli('csm', ['sessions', 'rename', id.slice(0, 8), 'kiwi notes'])).stdout).toContain(`Renamed session ${id}`);

      const resumed = (await cli('upstream', ['exec', 'resume', 'kiwi notes', 'which word?']));
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stdout).toBe('The word was kiwi.\n');
      const second = JSON.stringify(mock.requests()[1].body);
      expect(second).toContain('remember the word kiwi');
      expect(second).toContain('Noted: kiwi.');

      // Upstream appended to the same file; csm's index picks the new turn up.
      const after = JSON.parse((await cli('csm', ['sessions', 'list', '--json'])).stdout);
      expect(after.items.map((s: { id: string; userTurns: number; name: string }) => [s.id, s.userTurns, s.name])).toEqual([[id, 2, 'kiwi notes']]);
      // "was" occurs only in the answer upstream streamed into the csm-written file.
      const hits = JSON.parse((await cli('csm', ['sessions', 'search', 'was', '--json'])).stdout);
      expect(hits.map((h: { session: { id: string }; snippet: string; role: string }) => [h.session.id, h.snippet, h.role])).toEqual([[id, 'The word «was» kiwi.', 'agent']]);
    } finally {
      await mock.close();
    }
  });
});
