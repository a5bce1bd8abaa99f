import { describe, expect, it } from 'vitest';
import { anchor, diffHtml, esc, page } from './html.ts';

describe('html helpers', () => {
  it('escapes a script tag and quotes', () => {
    expect(esc('<script>alert("x&y")</script>')).toBe('&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt;');
    expect(esc("it's")).toBe('it&#39;s');
  });

  it('puts escaped content in the page shell, never raw', () => {
    const html = page('<script>t</script>', esc('<script>b</script>'));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;b&lt;/script&gt;');
    expect(html).not.toMatch(/<link|src=|@import|url\(/);
  });

  it('makes anchors safe for ids', () => {
    expect(anchor('tui resize/80x24', 'a"b')).toBe('s-tui-resize-80x24--a-b');
  });

  it('classes unified diff lines and leaves plain details alone', () => {
    const html = diffHtml('--- golden/x\n+++ target/x\n@@ -1,2 +1,2 @@\n same\n-old <b>\n+new\n');
    expect(html).toContain('<span class="dh">--- golden/x</span>');
    expect(html).toContain('<span class="dk">@@ -1,2 +1,2 @@</span>');
    expect(html).toContain('<span class="dd">-old &lt;b&gt;</span>');
    expect(html).toContain('<span class="da">+new</span>');
    expect(diffHtml('golden 0, target 1')).toBe('<pre class="diff">golden 0, target 1</pre>');
    expect(diffHtml('- a bullet, not a diff')).not.toContain('class="dd"');
  });

  it('cuts very long diffs', () => {
    const long = '@@ -1 +1 @@\n' + Array.from({ length: 50 }, (_, i) => `+${i}`).join('\n');
    const html = diffHtml(long, 10);
    expect(html).toContain('41 more lines');
    expect(html).not.toContain('+20');
  });
});
