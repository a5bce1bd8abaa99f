// The TUI end to end (no PTY, the lab's mock model on loopback) for syntax themes: a fenced block
// coloured in upstream's default theme, `/theme` previewing another everywhere, Enter keeping it in
// config.toml (comments kept), Esc going back.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '#lab/mock';
import { openTuiHome, startTui, type TuiHome } from '#test-support/tui-app';

const pause = () => new Promise((r) => setTimeout(r, 60));
/** An SGR truecolour foreground, as the screen writer sends it. */
const fg = (hex: string) => `38;2;${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(';')}`;

describe('syntax themes in the TUI', () => {
  let mock: MockServer;
  let tui: TuiHome;

  beforeEach(async () => {
    mock = await startMockServer({ title: 'Code', turns: [{ output: [{ text: 'Here:\n\n```python\ndef f(x):\n    return x + 1\n```' }] }] } as never);
    tui = openTuiHome(mock.url, { leading: '# my settings\n', sections: '[tui]\n# keep this note\nshow_tooltips = false\n' });
  });
  afterEach(async () => {
    tui.close();
    await mock.close();
  });

  it("colours a fenced block in upstream's default theme, previews /theme's choice on it, and Enter saves it", async () => {
    const run = startTui({}, tui.cwd, { cols: 100, rows: 30 });
    await run.waitFor('Ask Codex to do anything');
    run.send('show code');
    await pause();
    run.send('\r');
    await run.waitFor('return x + 1');
    await run.waitFor('Worked for');
    // catppuccin-mocha's keyword colour reaches the screen once the highlighter has loaded.
    for (let i = 0; i < 50 && !run.written().includes(fg('#cba6f7')); i++) await pause();
    expect(run.written()).toContain(fg('#cba6f7'));
    run.send('/theme');
    await run.waitFor('choose a syntax highlighting theme');
    run.send('\r');
    await run.waitFor('Select Syntax Theme');
    expect(await run.screen()).toContain('catppuccin-mocha (current)');
    for (const k of 'nord') {
      run.send(k);
      await pause();
    }
    await run.waitFor('› nord');
    // nord's keyword colour, in the preview and on the block above.
    for (let i = 0; i < 50 && !run.written().includes(fg('#81a1c1')); i++) await pause();
    expect(run.written()).toContain(fg('#81a1c1'));
    run.send('\r');
    await run.waitFor('Ask Codex to do anything');
    const saved = readFileSync(tui.configFile, 'utf8');
    expect(saved).toContain('theme = "nord"');
    expect(saved).toContain('# my settings');
    expect(saved).toContain('# keep this note');
    // Opened again, the saved theme is the current one.
    run.send('/theme');
    await run.waitFor('choose a syntax highlighting theme');
    run.send('\r');
    await run.waitFor('nord (current)');
    // Esc goes back without saving what was highlighted.
    run.send('\x1b[B');
    await pause();
    run.send('\x1b');
    await run.waitFor('Ask Codex to do anything');
    expect(readFileSync(tui.configFile, 'utf8')).toContain('theme = "nord"');
    run.send('\x03');
    await run.exit;
  });
});
