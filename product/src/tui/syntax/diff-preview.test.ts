import { describe, expect, it } from 'vitest';
import { contrast, DIFF_BG, NARROW_PREVIEW, previewRows, readableOn, WIDE_PREVIEW } from './diff-preview.ts';
import { syntaxReady } from './highlighter.ts';

const text = (spans: Array<{ text: string }>) => spans.map((sp) => sp.text).join('');

describe("the theme picker's diff", () => {
  it('lightens a token colour too faint on a diff background to 4.5:1, as upstream 0.171.0 draws it', () => {
    // Colours upstream's tui-slash-theme frames show (catppuccin-mocha and base16-mocha-dark).
    expect(readableOn('#9399b2', DIFF_BG.added)).toBe('#969cb4');
    expect(readableOn('#9399b2', DIFF_BG.removed)).toBe('#9399b2');
    expect(readableOn('#cb6077', DIFF_BG.removed)).toBe('#d37a8d');
    expect(readableOn('#cb6077', DIFF_BG.added)).toBe('#d78597');
    expect(contrast(readableOn('#333333', '#000000'), '#000000')).toBeGreaterThanOrEqual(4.5);
    // On a light background a faint colour darkens instead.
    expect(contrast(readableOn('#dddddd', '#ffffff'), '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it('numbers each line, signs it, and runs a changed line’s background to the width, cutting longer lines', async () => {
    await syntaxReady('rust', 'catppuccin-mocha');
    const rows = previewRows(WIDE_PREVIEW, 'catppuccin-mocha', 45);
    expect(rows.map(text)).toEqual([
      '31  fn summarize(users: &[User]) -> String {',
      '32 -    let active = users.iter().filter(|u| ',
      '32 +    let active = users.iter().filter(|u| ',
      '33      let names: Vec<&str> = users.iter().m',
      '34 -    format!("{} active: {}", active, name',
      '34 +    format!("{active} active users: {}", ',
      '35 +        .trim()                          ',
      '36  }',
    ]);
    expect(rows[0][0]).toEqual({ text: '31 ', style: { dim: true } });
    expect(rows[1][1]).toEqual({ text: '-', style: { fg: 1, bg: DIFF_BG.removed } });
    expect(rows[2][1]).toEqual({ text: '+', style: { fg: 2, bg: DIFF_BG.added } });
    expect(rows[6].at(-1)).toEqual({ text: ' '.repeat(26), style: { bg: DIFF_BG.added } });
    expect(rows[0].find((sp) => sp.text === 'fn')?.style).toEqual({ fg: '#cba6f7' });
  });

  it('is drawn plain, still numbered and signed, before the highlighter has loaded the theme', () => {
    const rows = previewRows(NARROW_PREVIEW, 'a-theme-never-loaded', 80);
    expect(rows.map((r) => text(r).trimEnd())).toEqual(['12  fn greet(name: &str) -> String {', '13 -    format!("Hello, {}!", name)', '13 +    format!("Hello, {name}!")', '14  }']);
    expect(rows.map((r) => text(r).length)).toEqual([36, 80, 80, 5]);
  });
});
