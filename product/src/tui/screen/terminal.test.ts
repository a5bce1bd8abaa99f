// The terminal owner with a fake TTY: bytes in, events out, modes on and off as a terminal sees them.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Canvas } from './canvas.ts';
import { Terminal, type TerminalEvent } from './terminal.ts';

function open(o: { suspend?: () => void } = {}) {
  const input = Object.assign(new PassThrough(), { isTTY: true, raw: false, setRawMode(on: boolean) { input.raw = on; return input; } });
  const written: string[] = [];
  const output = Object.assign(new PassThrough(), { isTTY: true, columns: 80, rows: 24 });
  output.on('data', (d: Buffer) => written.push(d.toString()));
  const t = Terminal.open({ input: input as unknown as NodeJS.ReadStream, output: output as unknown as NodeJS.WriteStream }, { signals: false, suspend: o.suspend });
  const events: TerminalEvent[] = [];
  t.handle((e) => events.push(e));
  const settle = () => new Promise((r) => setTimeout(r, 80));
  return { t, input, written, events, settle };
}

describe('the terminal owner', () => {
  it('sends nothing for a frame that changes nothing, and only the cursor when only the cursor moved', async () => {
    const { t, written } = open();
    const frame = (cursorX: number) => {
      const c = new Canvas(80, 24);
      c.write(0, 0, '› draft');
      c.cursor = { x: cursorX, y: 0, visible: true };
      return c;
    };
    t.draw(frame(7));
    await new Promise((r) => setImmediate(r));
    const before = written.length;
    t.draw(frame(7));
    t.draw(frame(7));
    await new Promise((r) => setImmediate(r));
    expect(written.slice(before)).toEqual([]);
    t.draw(frame(3));
    await new Promise((r) => setImmediate(r));
    expect(written.slice(before).join('')).toBe('\x1b[1;4H\x1b[?25h');
    t.close();
  });

  it('enters the alternate screen, raw mode and bracketed paste, and leaves them on close', async () => {
    const { t, input, written } = open();
    expect(input.raw).toBe(true);
    expect(written.join('')).toContain('\x1b[?1049h');
    expect(written.join('')).toContain('\x1b[?2004h');
    // and asks for the default background (the syntax theme's default follows it)
    expect(written.join('')).toContain('\x1b]11;?\x1b\\');
    t.close();
    await new Promise((r) => setImmediate(r));
    expect(input.raw).toBe(false);
    expect(written.join('')).toMatch(/\x1b\[\?2004l.*\x1b\[\?1049l/);
  });

  it('decodes a UTF-8 character split across two reads as one character', async () => {
    const { t, input, events, settle } = open();
    const bytes = Buffer.from('é€', 'utf8');
    input.write(bytes.subarray(0, 1));
    input.write(bytes.subarray(1, 3));
    input.write(bytes.subarray(3));
    await settle();
    expect(events.map((e) => (e.kind === 'text' ? e.text : e.kind)).join('')).toBe('é€');
    t.close();
  });

  it('reads an arrow key split after its Esc as the arrow, and a lone Esc as Esc after the timeout', async () => {
    const { t, input, events, settle } = open();
    input.write('\x1b');
    input.write('[A');
    await settle();
    input.write('\x1b');
    await settle();
    expect(events).toEqual([{ kind: 'up' }, { kind: 'escape' }]);
    t.close();
  });

  it('suspends on Ctrl-Z with the terminal restored, and comes back with a redraw', async () => {
    let suspended = 0;
    const { t, input, written, events, settle } = open({ suspend: () => suspended++ });
    input.write('\x1a');
    await settle();
    expect(suspended).toBe(1);
    expect(input.raw).toBe(false);
    expect(written.join('')).toContain('\x1b[?1049l');
    t.resume();
    expect(input.raw).toBe(true);
    expect(events).toEqual([{ kind: 'resize' }]);
    t.close();
  });
});
