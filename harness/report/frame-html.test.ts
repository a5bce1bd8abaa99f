import { describe, expect, it } from 'vitest';
import { colourCss, frameHtml, paletteHex, styleCss, TERM_BG, TERM_FG } from './frame-html.ts';

describe('palette', () => {
  it('maps the standard, cube and grey ramp indices like xterm', () => {
    expect(paletteHex(0)).toBe('#000000');
    expect(paletteHex(1)).toBe('#cd0000');
    expect(paletteHex(9)).toBe('#ff0000');
    expect(paletteHex(15)).toBe('#ffffff');
    expect(paletteHex(16)).toBe('#000000');
    expect(paletteHex(75)).toBe('#5fafff');
    expect(paletteHex(208)).toBe('#ff8700');
    expect(paletteHex(231)).toBe('#ffffff');
    expect(paletteHex(232)).toBe('#080808');
    expect(paletteHex(244)).toBe('#808080');
    expect(paletteHex(255)).toBe('#eeeeee');
    expect(paletteHex(256)).toBeNull();
  });

  it('reads colour values of style keys', () => {
    expect(colourCss('p208')).toBe('#ff8700');
    expect(colourCss('#ABDFA7')).toBe('#abdfa7');
    expect(colourCss('default')).toBeNull();
    expect(colourCss('masked')).toBeNull();
  });
});

describe('styleCss', () => {
  it('turns flags into CSS', () => {
    expect(styleCss('fg=p1 bg=#444444 bold dim italic underline').css).toBe(
      'color:#cd0000;background:#444444;font-weight:bold;opacity:.6;font-style:italic;text-decoration:underline',
    );
  });

  it('swaps colours for inverse, using the terminal defaults', () => {
    expect(styleCss('fg=default bg=default inverse').css).toBe(`color:${TERM_BG};background:${TERM_FG}`);
    expect(styleCss('fg=p2 bg=default inverse').css).toBe(`color:${TERM_BG};background:#00cd00`);
  });

  it('marks masked cells', () => {
    expect(styleCss('fg=masked bg=masked').classes).toEqual(['masked']);
  });
});

describe('frameHtml', () => {
  it('renders a coloured run as one span with the right CSS and escapes text', () => {
    const attrs = ['a fg=p208 bg=default bold', '--', '..aaaa', ''].join('\n');
    const html = frameHtml({ text: '> <ok>\nnext', attrs, meta: { cols: 8, rows: 2, cursor: { x: 0, y: 1, visible: false } } });
    expect(html).toContain('<span style="color:#ff8700;font-weight:bold">&lt;ok&gt;</span>');
    expect(html).toMatch(/^<pre class="term"[^>]*style="width:8ch">&gt; <span/);
    expect(html).toContain('\nnext</pre>');
  });

  it('outlines the visible cursor cell', () => {
    const html = frameHtml({ text: 'ab', attrs: '--\n', meta: { cols: 4, rows: 1, cursor: { x: 1, y: 0, visible: true } } });
    expect(html).toContain('a<span class="cur">b</span>');
  });

  it('falls back to plain text when the attribute layer is unreadable', () => {
    const html = frameHtml({ text: '<x>', attrs: 'no separator' });
    expect(html).toContain('<pre class="term">&lt;x&gt;</pre>');
    expect(html).toContain('attributes unreadable');
  });
});
