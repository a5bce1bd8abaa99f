// HTML building blocks for the parity dashboard: escaping, ids, a colourised unified diff, the page shell.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and quoted attribute values. */
export function esc(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** A stable fragment id for a scenario (and optional part): letters, digits and dashes only. */
export function anchor(...parts: string[]): string {
  return 's-' + parts.map((p) => p.replace(/[^A-Za-z0-9_-]+/g, '-')).join('--');
}

export const pct = (x: number) => `${Math.floor(x * 1000) / 10}%`;

/** Lines shown per diff before the rest is cut (the per-scenario JSON keeps it whole). */
export const DIFF_LINE_LIMIT = 400;

function diffLineClass(line: string): string {
  if (line.startsWith('+++') || line.startsWith('---')) return 'dh';
  if (line.startsWith('@@')) return 'dk';
  if (line.startsWith('+')) return 'da';
  if (line.startsWith('-')) return 'dd';
  return '';
}

/**
 * A component detail as a <pre>: unified diffs get one class per line (da added, dd removed,
 * dk hunk header, dh file header); other details (plain sentences) are shown as they are.
 */
export function diffHtml(detail: string, limit = DIFF_LINE_LIMIT): string {
  const lines = detail.replace(/\n$/, '').split('\n');
  const isDiff = lines.some((l) => l.startsWith('@@'));
  const shown = lines.slice(0, limit).map((l) => {
    const cls = isDiff ? diffLineClass(l) : '';
    return cls ? `<span class="${cls}">${esc(l)}</span>` : esc(l);
  });
  const cut = lines.length > limit ? `\n<span class="dx">… ${lines.length - limit} more lines (see the scenario's JSON)</span>` : '';
  return `<pre class="diff">${shown.join('\n')}${cut}</pre>`;
}

const CSS = `
:root{color-scheme:light dark;--bg:#fafafa;--fg:#1b1b1b;--mut:#666;--line:#ddd;--card:#fff}
@media (prefers-color-scheme:dark){:root{--bg:#15171a;--fg:#e4e4e4;--mut:#999;--line:#333;--card:#1d2024}}
body{margin:0;padding:1.2rem 2rem;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,sans-serif}
h1{margin:0 0 .3rem;font-size:1.5rem}h2{margin:2rem 0 .5rem;font-size:1.2rem;border-top:1px solid var(--line);padding-top:1rem}
h3{font-size:1rem;margin:1rem 0 .4rem}h4{font-size:.9rem;margin:.8rem 0 .3rem}
a{color:#3b82f6}.mut{color:var(--mut)}
.totals{display:flex;gap:1rem;flex-wrap:wrap;margin:.6rem 0 1rem}
.envwarn{border:1px solid #b58900;background:#fdf6e3;color:#5c4500;padding:.4rem .8rem;margin:.4rem 0 1rem;border-radius:4px}
.tot{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:.4rem .8rem}
table.matrix{border-collapse:collapse;background:var(--card)}
.matrix th,.matrix td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}
.matrix td.n{font-family:ui-monospace,monospace}
.badge{display:inline-block;border-radius:4px;padding:0 .4rem;font-weight:700;font-size:.8rem;color:#fff}
.pass{background:#1a7f37}.fail{background:#cf222e}.none{background:#888}
.comp{font-family:ui-monospace,monospace;font-size:.8rem}
pre.diff{background:var(--card);border:1px solid var(--line);padding:.5rem;overflow:auto;max-height:40rem;font:12px/1.35 ui-monospace,monospace;margin:.3rem 0}
.da{color:#1a7f37;background:rgba(26,127,55,.12);display:inline-block;min-width:100%}
.dd{color:#cf222e;background:rgba(207,34,46,.12);display:inline-block;min-width:100%}
.dk{color:#8250df}.dh{color:var(--mut);font-weight:700}.dx{color:var(--mut);font-style:italic}
.frames{display:flex;gap:1rem;flex-wrap:wrap;align-items:flex-start}
figure{margin:0}figcaption{font-size:.8rem;color:var(--mut);margin-bottom:.2rem}
pre.term{margin:0;padding:.4rem;background:#101010;color:#e5e5e5;border-radius:6px;border:1px solid #444;font:12px/1.2 ui-monospace,'DejaVu Sans Mono',monospace;overflow:auto;box-shadow:0 2px 6px rgba(0,0,0,.3)}
pre.term span.cur{outline:1px solid #e5e5e5}
pre.term span.masked{background:repeating-linear-gradient(45deg,#444 0 3px,#222 3px 6px)}
`;

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
