import pty from '@lydell/node-pty';
import { describe, expect, it } from 'vitest';
import { Screen } from './screen.ts';

/** Runs a bash snippet in a real PTY and returns the screen once the program has exited. */
async function runInPty(script: string, cols = 40, rows = 8): Promise<Screen> {
  const screen = new Screen(cols, rows);
  const child = pty.spawn('bash', ['-c', script], {
    name: 'xterm-256color',
    cols,
    rows,
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm-256color', LANG: 'C.UTF-8' },
  });
  let pending = Promise.resolve();
  child.onData((d) => {
    pending = pending.then(() => screen.write(d));
  });
  await new Promise<void>((resolve) => child.onExit(() => resolve()));
  // The last chunk of output can be delivered just after the exit event.
  await new Promise((r) => setTimeout(r, 50));
  await pending;
  return screen;
}

describe('Screen, fed by a program in a real PTY', () => {
  it('captures text, palette and RGB colours, bold, and a hidden cursor', async () => {
    const screen = await runInPty(
      `printf '\\e[1;31mBOLD RED\\e[0m plain\\n'; printf '\\e[38;5;208morange\\e[0m \\e[38;2;10;20;30mrgb\\e[0m\\n'; printf '\\e[?25l'; sleep 0.2`,
    );
    const f = screen.snapshot('colours', 123);

    expect(screen.text().split('\n').slice(0, 3)).toEqual(['BOLD RED plain', 'orange rgb', '']);
    expect(f).toMatchObject({ name: 'colours', tMs: 123, cols: 40, rows: 8, altScreen: false });
    expect(f.cursor).toEqual({ x: 0, y: 2, visible: false });

    const [row0, row1] = f.cells;
    expect(row0[0]).toEqual({ ch: 'B', width: 1, fg: 'p1', bg: 'default', bold: true, dim: false, italic: false, underline: false, inverse: false });
    expect(row0[7]).toMatchObject({ ch: 'D', fg: 'p1', bold: true });
    expect(row0[9]).toMatchObject({ ch: 'p', fg: 'default', bold: false });
    expect(row1[0]).toMatchObject({ ch: 'o', fg: 'p208' });
    expect(row1[7]).toMatchObject({ ch: 'r', fg: '#0a141e' });
  });

  it('reports the cursor visible by default', async () => {
    const screen = await runInPty(`printf 'hi'`);
    expect(screen.snapshot('s', 0).cursor).toEqual({ x: 2, y: 0, visible: true });
  });

  it('detects the alternate screen and shows only its contents', async () => {
    const screen = await runInPty(`printf 'main\\n'; printf '\\e[?1049h\\e[Halt view'; sleep 0.1`);
    const f = screen.snapshot('alt', 0);
    expect(f.altScreen).toBe(true);
    expect(screen.text().split('\n')[0]).toBe('alt view');
    expect(screen.text()).not.toContain('main');
  });

  it('gives a wide char two columns, the trailing one empty with width 0', async () => {
    const screen = await runInPty(`printf '日本x'`);
    const row = screen.snapshot('wide', 0).cells[0];
    expect(row.slice(0, 5).map((c) => [c.ch, c.width])).toEqual([
      ['日', 2],
      ['', 0],
      ['本', 2],
      ['', 0],
      ['x', 1],
    ]);
    expect(screen.text().split('\n')[0]).toBe('日本x');
  });

  it('shows only the visible viewport once output scrolls', async () => {
    const screen = await runInPty(`for i in 1 2 3 4 5 6 7 8 9 10; do echo line$i; done`, 20, 4);
    const f = screen.snapshot('scrolled', 0);
    expect(screen.text().split('\n')).toEqual(['line8', 'line9', 'line10', '']);
    expect(f.cells).toHaveLength(4);
    expect(f.cursor.y).toBe(3);
  });
});

describe('Screen, fed directly', () => {
  it('write() resolves after the data is in the buffer, even for chained writes', async () => {
    const screen = new Screen(20, 3);
    void screen.write('ab');
    await screen.write('cd');
    expect(screen.text().split('\n')[0]).toBe('abcd');
  });

  it('resize() changes the frame size and clamps long lines to the new width', async () => {
    const screen = new Screen(20, 3);
    await screen.write('0123456789abcdef');
    screen.resize(10, 5);
    const f = screen.snapshot('resized', 0);
    expect([f.cols, f.rows]).toEqual([10, 5]);
    expect(f.cells).toHaveLength(5);
    expect(f.cells.every((r) => r.length === 10)).toBe(true);
    expect(screen.text().split('\n').every((l) => l.length <= 10)).toBe(true);
  });
});
