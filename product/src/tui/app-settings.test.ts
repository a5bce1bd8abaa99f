// The TUI end to end (no PTY, the lab's mock model on loopback) for the settings commands: /vim,
// /plan, /statusline and /config, and what they leave in config.toml (comments kept).
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '#lab/mock';
import { openTuiHome, startTui, type TuiHome } from '#test-support/tui-app';
import { PLAN_MODE_INSTRUCTIONS } from '../core/agent/collaboration.ts';

const start = (cwd: string) => startTui({}, cwd, { cols: 100, rows: 30 });
/** Keys arrive one read at a time, as typed. */
const pause = () => new Promise((r) => setTimeout(r, 60));

describe('the TUI settings commands', () => {
  let mock: MockServer;
  let tui: TuiHome;
  const cwd = () => tui.cwd;
  const configFile = () => tui.configFile;

  beforeEach(async () => {
    mock = await startMockServer({ title: 'Plan it', turns: [{ output: [{ text: 'Done.' }] }] } as never);
    tui = openTuiHome(mock.url, { leading: '# my settings\n', sections: '[tui]\n# keep this note\nshow_tooltips = false\n' });
  });
  afterEach(async () => {
    tui.close();
    await mock.close();
  });

  it('/vim: Normal mode edits with motions, and turning it off says so', async () => {
    const run = start(cwd());
    await run.waitFor('Ask Codex to do anything');
    run.send('/vim');
    await run.waitFor('toggle Vim mode');
    run.send('\r');
    await run.waitFor('Vim: Normal');
    for (const k of ['i', 'hello big world', '\x1b', 'b', 'd', 'w']) {
      run.send(k);
      await pause();
    }
    await run.waitFor(/› hello big\s*\n/);
    run.send('S');
    await pause();
    run.send('/vim\r');
    await run.waitFor('Vim mode disabled.');
    run.send('\x03');
    await run.exit;
  });

  it('/plan: the next turn asks at medium effort with Plan mode instructions', async () => {
    const run = start(cwd());
    await run.waitFor('Ask Codex to do anything');
    run.send('/plan');
    await run.waitFor('switch to Plan mode');
    run.send('\r');
    await run.waitFor('Plan mode (shift+tab to cycle)');
    run.send('hi');
    await run.waitFor('› hi');
    run.send('\r');
    await run.waitFor('Worked for');
    const body = mock.requests().find((r) => r.kind === 'turn')!.body as { reasoning: unknown; input: Array<{ content?: Array<{ text?: string }> }> };
    expect(body.reasoning).toEqual({ effort: 'medium' });
    expect(body.input.flatMap((i) => i.content ?? []).map((c) => c.text)).toContain(PLAN_MODE_INSTRUCTIONS);
    run.send('\x03');
    await run.exit;
  });

  it('/statusline saves the chosen items to config.toml, comments kept, and the footer follows', async () => {
    const run = start(cwd());
    await run.waitFor('Ask Codex to do anything');
    run.send('/statusline');
    await run.waitFor('configure which items appear in the status line');
    run.send('\r');
    await run.waitFor('Configure Status Line');
    for (const k of ['\x1b[B', ' ']) {
      run.send(k);
      await pause();
    }
    await run.waitFor(/\[ \] model-with-reasoning/);
    run.send('\r');
    // The footer now shows only the directory.
    await run.waitFor(/^ {2}\/\S+\/ws\s*$/m);
    const saved = readFileSync(configFile(), 'utf8');
    expect(saved).toMatch(/status_line = \[ ?"current-dir", "thread-name" ?\]/);
    expect(saved).toContain('# my settings');
    expect(saved).toContain('# keep this note');
    run.send('\x03');
    await run.exit;
  });

  it('/config: Enter on Tips switches it on in config.toml at once', async () => {
    const run = start(cwd());
    await run.waitFor('Ask Codex to do anything');
    run.send('/config');
    await run.waitFor('configure Codex preferences');
    run.send('\r');
    await run.waitFor('Changes save automatically');
    for (const k of ['\x1b[B', '\x1b[B', '\r']) {
      run.send(k);
      await pause();
    }
    await run.waitFor(/Tips\s+\[x\] On/);
    const saved = readFileSync(configFile(), 'utf8');
    expect(saved).toMatch(/show_tooltips = true/);
    expect(saved).toContain('# keep this note');
    run.send('\x1b');
    await run.waitFor('Ask Codex to do anything');
    run.send('\x03');
    await run.exit;
  });
});
