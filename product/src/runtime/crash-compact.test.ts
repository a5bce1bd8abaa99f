// The kill matrix of a compaction: `csm exec resume` of a session over model_auto_compact_token_limit
// compacts before sending the new prompt (a summary request, then the `compacted` line, then the
// turn). A SIGKILL at each point of that leaves a session that resumes: every line parses (but one
// a kill cut short), the next request has every earlier turn, either as it was or as the compacted
// history (the typed prompts and the summary), and a summary whose compacted line was never
// written is not history.
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createRunHome, runPiped, targetEnv, writeConfig, writeWorkspace, type RunHome } from '#lab/drivers';
import { startMockServer, type MockScriptInput, type MockServer } from '#lab/mock';
import { messageTexts, rolloutFiles, sessionIdOf as sessionId, spawnCsmKillable, unparsableLines } from '#test-support/kill';

const homes: RunHome[] = [];
afterAll(() => {
  for (const h of homes) rmSync(h.root, { recursive: true, force: true });
});

type Turn = NonNullable<MockScriptInput['turns']>[number];
const SUMMARY = 'Summary: the user asked to remember the word kiwi.';
const LIMIT = 'model_auto_compact_token_limit = 1000\n';

interface Point {
  name: string;
  /** the summary's response and the turn's, as the killed run's mock serves them */
  summary: Turn;
  turn: Turn;
  /** kill as soon as this holds (polled every 10 ms): requests arrived so far, ms since the last, the rollout */
  when: (requests: number, msSinceLast: number, rollout: string) => boolean;
  /** the compacted line is in the file the kill left */
  compacted: boolean;
}

const slow = (text: string, ms: number): Turn => ({ output: [{ text }], chunks: 6, chunk_delay_ms: ms });
const POINTS: Point[] = [
  { name: 'before the summary streams', summary: slow(SUMMARY, 5000), turn: slow('never asked', 10), when: (n, ms) => n === 1 && ms > 100, compacted: false },
  { name: 'mid-stream of the summary', summary: slow(SUMMARY, 300), turn: slow('never asked', 10), when: (n, ms) => n === 1 && ms > 1000, compacted: false },
  { name: 'once the compacted line is written, before the turn is answered', summary: slow(SUMMARY, 0), turn: slow('never streamed', 5000), when: (_n, _ms, r) => r.includes('"type":"compacted"'), compacted: true },
  { name: 'mid-stream of the turn after the compaction', summary: slow(SUMMARY, 0), turn: slow('a turn answered slowly', 300), when: (n, ms) => n === 2 && ms > 1000, compacted: true },
];

function rolloutFile(codexHome: string): string {
  const files = rolloutFiles(codexHome);
  expect(files).toHaveLength(1);
  return files[0];
}

/** Spawns csm, polls for the kill point, SIGKILLs its process group; returns how it ended. */
async function runAndKill(run: RunHome, mock: MockServer, argv: string[], file: string, p: Point): Promise<string> {
  const { closed, kill } = spawnCsmKillable(argv, { cwd: run.workspace, env: targetEnv(run, { tty: false }), stdout: 'ignore', stderr: 'ignore' });
  let exited = false;
  void closed.then(() => (exited = true));
  const arrived: number[] = [];
  const deadline = Date.now() + 30_000;
  while (!exited && Date.now() < deadline) {
    while (arrived.length < mock.requests().length) arrived.push(Date.now());
    if (p.when(arrived.length, arrived.length ? Date.now() - arrived[arrived.length - 1] : -1, readFileSync(file, 'utf8'))) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  kill();
  return closed;
}

describe('a session killed during a compaction resumes with no turn lost', () => {
  it.each(POINTS)('SIGKILL $name', async (p) => {
    const run = createRunHome('kill-compact');
    homes.push(run);
    writeWorkspace(run, { git: true, files: {} });
    const env = targetEnv(run, { tty: false });

    // A first turn whose reported usage is over the limit: the next prompt compacts first.
    const first = await startMockServer({ turns: [{ output: [{ text: 'Noted: kiwi.' }], usage: { input_tokens: 5000, output_tokens: 40 } }] });
    writeConfig(run, first.url, LIMIT);
    const done = await runPiped('csm', ['exec', 'remember the word kiwi'], { cwd: run.workspace, env, timeoutMs: 60_000 });
    await first.close();
    expect(done.exitCode, done.stderr).toBe(0);
    const file = rolloutFile(run.codexHome);

    const killedMock = await startMockServer({ turns: [p.summary, p.turn] });
    writeConfig(run, killedMock.url, LIMIT);
    const exit = await runAndKill(run, killedMock, ['exec', 'resume', sessionId(file), 'which word?'], file, p);
    await killedMock.close();
    expect(exit).toBe('SIGKILL');
    // The kill landed inside the compaction's part of the run it was meant for.
    expect(messageTexts(killedMock.requests()[0].body).at(-1)).not.toBe('which word?');

    const before = readFileSync(file, 'utf8');
    const compacted = before.includes('"type":"compacted"');
    expect(compacted).toBe(p.compacted);
    const resumeMock = await startMockServer({ turns: [{ output: [{ text: 'The word was kiwi.' }] }] });
    writeConfig(run, resumeMock.url, '');
    const resumed = await runPiped('csm', ['exec', 'resume', sessionId(file), 'after the crash'], { cwd: run.workspace, env, timeoutMs: 60_000 });
    await resumeMock.close();
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stdout).toBe('The word was kiwi.\n');
    expect(resumeMock.problems()).toEqual([]);

    // The earlier turn is there: as it was, or compacted (its prompt kept, its answer in the summary).
    const texts = messageTexts(resumeMock.requests().find((r) => r.kind === 'turn')!.body);
    const kept = compacted ? ['remember the word kiwi', SUMMARY] : ['remember the word kiwi', 'Noted: kiwi.'];
    const positions = [...kept, 'after the crash'].map((t) => texts.findIndex((x) => x.includes(t)));
    expect(positions.every((i) => i >= 0), `${JSON.stringify(kept)} in ${JSON.stringify(texts.map((t) => t.slice(0, 50)))}`).toBe(true);
    expect(positions.at(-1)).toBe(texts.length - 1);
    // A summary never recorded as a compaction is not history.
    if (!compacted) expect(texts.some((t) => t.includes(SUMMARY))).toBe(false);

    // Append-only, and every line parses but one a kill cut short.
    const after = readFileSync(file, 'utf8');
    expect(after.startsWith(before)).toBe(true);
    const torn = before.length > 0 && !before.endsWith('\n');
    expect(unparsableLines(after)).toHaveLength(torn ? 1 : 0);
  });
});
