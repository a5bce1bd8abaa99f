import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { THEME_NAMES, customThemes, isThemeName, loadThemeData, useCustomThemes } from './catalogue.ts';
import { colourOf, highlightCode, languageOf, LINES_PER_FRAME, MAX_HIGHLIGHT_LINES, onSyntaxReady, syntaxGeneration, syntaxReady } from './highlighter.ts';

describe('the syntax themes', () => {
  it("are upstream 0.171.0's 38, in its picker's order", () => {
    expect(THEME_NAMES).toHaveLength(38);
    expect(THEME_NAMES.slice(0, 8)).toEqual(['1337', 'ada', 'ansi', 'babbage', 'base16', 'base16-256', 'base16-eighties-dark', 'base16-mocha-dark']);
    expect(THEME_NAMES.at(-1)).toBe('zenburn');
    expect([...THEME_NAMES].sort()).toEqual(THEME_NAMES);
  });

  it('each loads as theme data with its default colours first', async () => {
    for (const name of THEME_NAMES) {
      const data = await loadThemeData(name);
      // Converted schemes carry TextMate `settings`; Shiki's own themes, VS Code `tokenColors`.
      expect((data.settings ?? data.tokenColors ?? []).length, name).toBeGreaterThan(1);
      expect(['dark', 'light'], name).toContain(data.type);
    }
  });
});

describe("a person's own themes", () => {
  afterEach(() => useCustomThemes(null));

  it('are the .tmTheme files in $CODEX_HOME/themes, read when used; a bundled name is not shadowed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'csm-themes-'));
    const scheme = (kw: string) =>
      `<plist version="1.0"><dict><key>settings</key><array><dict><key>settings</key><dict><key>foreground</key><string>#101010</string></dict></dict><dict><key>scope</key><string>keyword, storage</string><key>settings</key><dict><key>foreground</key><string>${kw}</string></dict></dict></array></dict></plist>`;
    writeFileSync(path.join(dir, 'mine.tmTheme'), scheme('#ff0000'));
    writeFileSync(path.join(dir, 'nord.tmTheme'), scheme('#00ff00'));
    writeFileSync(path.join(dir, 'notes.txt'), 'not a theme');
    expect(customThemes()).toEqual([]);
    useCustomThemes(dir);
    expect(customThemes()).toEqual(['mine']);
    expect(isThemeName('mine')).toBe(true);
    expect((await loadThemeData('mine')).settings?.[1]).toEqual({ scope: 'keyword, storage', settings: { foreground: '#FF0000' } });
    await syntaxReady('rust', 'mine');
    expect(highlightCode('fn x() {}', 'rust', 'mine')![0][0]).toEqual({ text: 'fn', style: { fg: '#ff0000' } });
    await expect(loadThemeData('../mine')).rejects.toThrow();
  });
});

describe('highlighting code', () => {
  it('draws nothing coloured until the language and theme have loaded, then colours as upstream (catppuccin-mocha, Python)', async () => {
    const code = 'def f(x):\n    return x + 1';
    const before = syntaxGeneration();
    expect(highlightCode(code, 'python', 'catppuccin-mocha')).toBeNull();
    await syntaxReady('python', 'catppuccin-mocha');
    expect(syntaxGeneration()).toBeGreaterThan(before);
    // The colours upstream's tui-markdown frames show for this block.
    expect(highlightCode(code, 'python', 'catppuccin-mocha')).toEqual([
      [
        { text: 'def', style: { fg: '#cba6f7' } },
        { text: ' ', style: { fg: '#cdd6f4' } },
        { text: 'f', style: { fg: '#89b4fa' } },
        { text: '(', style: { fg: '#9399b2' } },
        { text: 'x', style: { fg: '#eba0ac' } },
        { text: '):', style: { fg: '#9399b2' } },
      ],
      [
        { text: '    ', style: { fg: '#cdd6f4' } },
        { text: 'return', style: { fg: '#cba6f7' } },
        { text: ' x ', style: { fg: '#cdd6f4' } },
        { text: '+', style: { fg: '#94e2d5' } },
        { text: ' ', style: { fg: '#cdd6f4' } },
        { text: '1', style: { fg: '#fab387' } },
      ],
    ]);
  });

  it('colours a block that grows, as an answer streams in, as it colours it whole (a string open across the cut too)', async () => {
    await syntaxReady('python', 'catppuccin-mocha');
    const body = 'def f(x):\n    """a doc\n    string"""\n    return x  # done\n'.repeat(5) + 's = """open\nstill open';
    const whole = highlightCode(`z = 0\n${body}`, 'python', 'catppuccin-mocha')!;
    const streamed = `y = 0\n${body}`;
    for (let end = 3; end < streamed.length; end += 7) highlightCode(streamed.slice(0, end), 'python', 'catppuccin-mocha');
    const last = highlightCode(streamed, 'python', 'catppuccin-mocha')!;
    expect(last.slice(1)).toEqual(whole.slice(1));
    // The unfinished string at the end is coloured as a string, the grammar's state carried over.
    expect(last.at(-1)).toEqual([{ text: 'still open', style: { fg: '#a6e3a1' } }]);
  });

  it('never tokenizes more than a frame’s worth of new lines at once: a longer block is coloured between frames', async () => {
    await syntaxReady('python', 'catppuccin-mocha');
    const code = Array.from({ length: LINES_PER_FRAME * 3 }, (_, i) => `v${i} = ${i}  # line`).join('\n');
    expect(highlightCode(code, 'python', 'catppuccin-mocha')).toBeNull();
    await new Promise<void>((resolve) => {
      const off = onSyntaxReady(() => {
        if (highlightCode(code, 'python', 'catppuccin-mocha')) {
          off();
          resolve();
        }
      });
    });
    const lines = highlightCode(code, 'python', 'catppuccin-mocha')!;
    expect(lines).toHaveLength(LINES_PER_FRAME * 3);
    expect(lines.at(-1)!.at(-1)).toEqual({ text: '# line', style: { fg: '#9399b2' } });
  });

  it('keeps bold and drops italic, as upstream (inspired-github makes keywords bold)', async () => {
    await syntaxReady('rust', 'inspired-github');
    const line = highlightCode('fn main() {}', 'rust', 'inspired-github')![0];
    expect(line[0]).toEqual({ text: 'fn', style: { fg: '#a71d5d', bold: true } });
    expect(line.every((sp) => !('italic' in (sp.style ?? {})))).toBe(true);
  });

  it('leaves a language it does not know, an empty block and code past the limits plain', async () => {
    await syntaxReady('no-such-language', 'catppuccin-mocha');
    expect(highlightCode('x', 'no-such-language', 'catppuccin-mocha')).toBeNull();
    expect(highlightCode('', 'python', 'catppuccin-mocha')).toBeNull();
    expect(highlightCode('x\n'.repeat(MAX_HIGHLIGHT_LINES + 1), 'python', 'catppuccin-mocha')).toBeNull();
  });

  it('reads a fence info string as the language: aliases, attributes after it, nothing path-like', () => {
    expect(languageOf('Python')).toBe('python');
    expect(languageOf('rust,ignore')).toBe('rust');
    expect(languageOf('js {.line-numbers}')).toBe('js');
    expect(languageOf('golang')).toBe('go');
    expect(languageOf('text')).toBe('');
    expect(languageOf('../../etc')).toBe('');
  });

  it("maps theme colours to the terminal's: RGB, bat's palette convention (#NN000000), the terminal's own (#……01)", () => {
    expect(colourOf('#CBA6F7')).toBe('#cba6f7');
    expect(colourOf('#CBA6F7FF')).toBe('#cba6f7');
    expect(colourOf('#02000000')).toBe(2);
    expect(colourOf('#00000001')).toBeUndefined();
    expect(colourOf(undefined)).toBeUndefined();
  });
});
