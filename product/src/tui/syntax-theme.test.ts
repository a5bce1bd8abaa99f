import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configuredTheme, saveTheme } from './syntax-theme.ts';

describe('[tui] theme', () => {
  it('names the theme code is coloured in; an unknown one falls back to the default with upstream’s warning', () => {
    expect(configuredTheme(undefined)).toEqual({});
    expect(configuredTheme({ theme: 'dracula' })).toEqual({ theme: 'dracula' });
    expect(configuredTheme({ theme: 'no-such' })).toEqual({
      warning: 'Unknown syntax theme "no-such", falling back to auto-detection. Use a bundled name or place a .tmTheme file at ~/.codex/themes/no-such.tmTheme',
    });
  });

  it("is saved by /theme into config.toml, the person's comments and other keys kept", () => {
    const home = mkdtempSync(path.join(tmpdir(), 'csm-theme-'));
    const file = path.join(home, 'config.toml');
    writeFileSync(file, '# my settings\nmodel = "gpt-5.5" # the usual\n\n[tui]\n# quiet please\nshow_tooltips = false\n');
    saveTheme(home, 'nord');
    expect(readFileSync(file, 'utf8')).toBe('# my settings\nmodel = "gpt-5.5" # the usual\n\n[tui]\n# quiet please\nshow_tooltips = false\ntheme = "nord"\n');
    saveTheme(home, 'zenburn');
    expect(readFileSync(file, 'utf8')).toContain('theme = "zenburn"');
    expect(readFileSync(file, 'utf8')).not.toContain('nord');
  });

  it('creates config.toml when there is none', () => {
    const home = mkdtempSync(path.join(tmpdir(), 'csm-theme-'));
    saveTheme(home, 'github');
    expect(readFileSync(path.join(home, 'config.toml'), 'utf8')).toMatch(/\[tui\]\s*\ntheme = "github"/);
  });
});
