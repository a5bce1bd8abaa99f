// A transcript as one self-contained HTML page: inline CSS, every piece of content HTML-escaped,
// no scripts, no external resources (a Content-Security-Policy that allows only inline styles says
// so to the browser as well).
import type { Block, ExportTranscript } from './transcript.ts';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #656d76; --box: #f6f8fa; --line: #d0d7de; --user: #0969da; --add: #1a7f37; --del: #cf222e; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #8d96a0; --box: #161b22; --line: #30363d; --user: #4493f8; --add: #3fb950; --del: #f85149; } }
body { margin: 0 auto; max-width: 60rem; padding: 2rem 1rem; font: 15px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 1.5rem; margin: 0 0 .5rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; color: var(--muted); margin: 0 0 2rem; }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
section { border-left: 3px solid var(--line); padding: .25rem 0 .25rem 1rem; margin: 1.25rem 0; }
section.user { border-color: var(--user); }
h2 { font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 0 0 .5rem; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
pre { background: var(--box); border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; overflow-x: auto; font: 13px/1.45 ui-monospace, monospace; }
.label { font-size: .85rem; color: var(--muted); margin: .5rem 0 .2rem; }
.add { color: var(--add); } .del { color: var(--del); }
.note { font-style: italic; color: var(--muted); }
`.trim();

const pre = (text: string, cls = '') => `<pre${cls ? ` class="${cls}"` : ''}>${escapeHtml(text.replace(/\n$/, ''))}</pre>`;
const label = (text: string) => `<div class="label">${escapeHtml(text)}</div>`;

function diff(patch: string): string {
  const lines = patch.replace(/\n$/, '').split('\n').map((l) => {
    const cls = l.startsWith('+') ? 'add' : l.startsWith('-') ? 'del' : '';
    return cls ? `<span class="${cls}">${escapeHtml(l)}</span>` : escapeHtml(l);
  });
  return `<pre class="diff">${lines.join('\n')}</pre>`;
}

function block(b: Block): string {
  switch (b.kind) {
    case 'user':
    case 'assistant':
      return `<div class="text">${escapeHtml(b.text)}</div>`;
    case 'command':
      return [
        label('Command'),
        pre(b.command, 'command'),
        ...(b.output !== undefined ? [label(b.exitCode === undefined || b.exitCode === null ? 'Output' : `Output (exit ${b.exitCode})`), pre(b.output)] : []),
      ].join('\n');
    case 'patch':
      return [label('Patch'), diff(b.patch), ...(b.output !== undefined ? [label('Result'), pre(b.output)] : [])].join('\n');
    case 'tool':
      return [...(b.input ? [label(`Tool ${b.name}`), pre(b.input)] : []), ...(b.output !== undefined ? [label('Output'), pre(b.output)] : [])].join('\n');
    case 'note':
      return `<p class="note">${escapeHtml(b.text)}</p>`;
  }
}

export function renderHtml(t: ExportTranscript): string {
  const h = t.header;
  const facts: Array<[string, string]> = [
    ['Session', h.id],
    ...(h.name ? [['Name', h.name] as [string, string]] : []),
    ...(h.cwd ? [['Directory', h.cwd] as [string, string]] : []),
    ...(h.created ? [['Created', h.created] as [string, string]] : []),
    ...(h.models.length ? [['Model', h.models.join(', ')] as [string, string]] : []),
    ...(h.forkedFromId ? [['Forked from', h.forkedFromId] as [string, string]] : []),
  ];
  const sections: string[] = [];
  let side: 'user' | 'assistant' | null = null;
  let parts: string[] = [];
  const close = () => {
    if (side && parts.length) sections.push(`<section class="${side}">\n<h2>${side === 'user' ? 'User' : 'Assistant'}</h2>\n${parts.join('\n')}\n</section>`);
    parts = [];
  };
  for (const b of t.blocks) {
    const next: 'user' | 'assistant' | null = b.kind === 'user' ? 'user' : b.kind === 'note' ? side : 'assistant';
    if (next === null) {
      sections.push(block(b));
      continue;
    }
    if (next !== side || b.kind === 'user') {
      close();
      side = next;
    }
    parts.push(block(b));
  }
  close();
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(h.title)}</title>
<style>
${STYLE}
</style>
</head>
<body>
<h1>${escapeHtml(h.title)}</h1>
<dl class="facts">
${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('\n')}
</dl>
${sections.join('\n')}
</body>
</html>
`;
}
