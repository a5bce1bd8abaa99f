// index.html of the report: the page shell and its CSS. The data (data.js) and the app (app.js) are
// classic scripts beside it, so the report opens from file:// with no server and no network.

const CSS = `
:root{color-scheme:light dark;--bg:#fafafa;--fg:#1b1b1b;--mut:#666;--line:#ddd;--card:#fff;--sel:#dbeafe}
@media (prefers-color-scheme:dark){:root{--bg:#15171a;--fg:#e4e4e4;--mut:#999;--line:#333;--card:#1d2024;--sel:#1e3a5f}}
body{margin:0;padding:1rem 1.6rem;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,sans-serif}
h1{margin:0 0 .3rem;font-size:1.4rem}h2{margin:1.4rem 0 .5rem;font-size:1.1rem;border-top:1px solid var(--line);padding-top:.8rem}
h3{font-size:.95rem;margin:.2rem 0 .4rem}h4{font-size:.85rem;margin:.6rem 0 .2rem}
a{color:#3b82f6}.mut{color:var(--mut)}.num{font-family:ui-monospace,monospace}
.warn{border:1px solid #b58900;background:#fdf6e3;color:#5c4500;padding:.4rem .8rem;margin:.5rem 0;border-radius:4px}.warn.small{font-size:.8rem;padding:.1rem .4rem}
#partial{border-color:#cf222e;background:#ffebe9;color:#82071e;font-size:1.05rem}
.timedout{border:2px solid #cf222e;background:#ffebe9;color:#82071e;padding:.4rem .8rem;margin:.5rem 0;border-radius:4px;font-size:1.05rem}
.cards{display:flex;gap:.8rem;flex-wrap:wrap;margin:.6rem 0}
.card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:.4rem .8rem;min-width:9rem}
.card.current{outline:2px solid #3b82f6}.big{font-size:1.8rem;font-weight:700}.neg{color:#cf222e;font-weight:700}.posv{color:#1a7f37;font-weight:700}.slow{color:#cf222e}
.filterbar{display:flex;gap:1rem;align-items:center;margin:.6rem 0}#filter{flex:0 1 32rem;padding:.3rem .5rem;font:inherit}
.badge{display:inline-block;border-radius:4px;padding:0 .4rem;font-weight:700;font-size:.78rem;color:#fff;margin:0 .15rem}
.pass{background:#1a7f37}.fail{background:#cf222e}.none{background:#888}.alt{background:#8250df}
.comp{font-family:ui-monospace,monospace;font-size:.78rem;border:1px solid var(--line);border-radius:3px;padding:0 .25rem;margin:0 .1rem}
ol{margin:.2rem 0;padding-left:1.6rem}li.failure{padding:.1rem .3rem;border-radius:4px}li.failure.selected{background:var(--sel);outline:1px solid #3b82f6}
.tg{font-size:.8rem;color:var(--mut)}.tg-upstream{color:#b58900}
.dims{display:grid;grid-template-columns:repeat(auto-fill,minmax(24rem,1fr));gap:.8rem}
.dim{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:.5rem .8rem}
table.matrix{border-collapse:collapse;background:var(--card)}
.matrix th,.matrix td{border:1px solid var(--line);padding:.2rem .5rem;text-align:left;vertical-align:top}
pre.diff{background:var(--card);border:1px solid var(--line);padding:.5rem;overflow:auto;max-height:36rem;font:12px/1.35 ui-monospace,monospace;margin:.3rem 0}
.da{color:#1a7f37;background:rgba(26,127,55,.12)}.dd{color:#cf222e;background:rgba(207,34,46,.12)}
pre.diff .da,pre.diff .dd{display:inline-block;min-width:100%}
.dk{color:#8250df}.dh{color:var(--mut);font-weight:700}.dx{color:var(--mut);font-style:italic}
.scrub{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}#scrubber{width:18rem}
.marker{color:#cf222e;font-weight:700;text-decoration:none;margin-left:1rem}
.timeline{margin:.4rem 0 .6rem;max-width:52rem}.lane{position:relative;height:1.3rem;border-bottom:1px dashed var(--line)}
.lanelabel{position:absolute;left:0;top:0;font-size:.75rem;color:var(--mut)}
.track{position:absolute;left:5rem;right:1rem;top:0;bottom:0}
.lane .tick{position:absolute;top:0;transform:translateX(-50%);text-decoration:none;color:#1a7f37;font-size:.8rem}
.lane .tick.bad{color:#cf222e}.lane .tick.on{font-size:1.1rem;top:-.2rem}
.controls{margin:.4rem 0}.controls button{font:inherit;font-size:.8rem;margin:0 .15rem;padding:.1rem .5rem;border:1px solid var(--line);background:var(--card);color:var(--fg);border-radius:4px;cursor:pointer}
.controls button.on{background:#3b82f6;color:#fff;border-color:#3b82f6}
.stage{display:flex;gap:1rem;flex-wrap:wrap;align-items:flex-start}
figure{margin:0}figcaption{font-size:.8rem;color:var(--mut);margin-bottom:.2rem}
.termwrap{position:relative;display:inline-block;line-height:0;border:1px solid #444;border-radius:4px;box-shadow:0 2px 6px rgba(0,0,0,.3)}
.termwrap.stacked canvas.top{position:absolute;left:0;top:0}
.overlay{position:absolute;left:0;top:0;pointer-events:none}
.cd{position:absolute;width:9px;height:18px;box-sizing:border-box}
.cd-text{background:rgba(255,60,60,.45);outline:1px solid #ff3c3c}.cd-style{outline:1px solid #ffb000;background:rgba(255,176,0,.25)}
.cd-both{background:rgba(255,0,200,.45);outline:1px solid #ff00c8}.cd-shift{background:rgba(60,140,255,.35)}
.cd-cursor{outline:2px dashed #00e5ff}.shiftmark{position:absolute;font:11px/18px ui-monospace,monospace;color:#3b82f6}
.key{display:inline-block;margin-right:.6rem;padding:0 .3rem;border-radius:3px;font-size:.8rem}
.k-text{background:rgba(255,60,60,.35)}.k-style{background:rgba(255,176,0,.35)}.k-both{background:rgba(255,0,200,.35)}.k-shift{background:rgba(60,140,255,.35)}.k-cursor{outline:1px dashed #00b8cc}
.drift{margin:.6rem 0}.driftlist{font:12px/1.35 ui-monospace,monospace;max-height:20rem;overflow:auto}
.pixels img{image-rendering:pixelated;border:1px solid #444;max-width:100%}
.cellcard{position:absolute;z-index:10;background:var(--card);border:1px solid var(--line);padding:.3rem .5rem;font:12px/1.4 ui-monospace,monospace;box-shadow:0 2px 8px rgba(0,0,0,.3);white-space:pre}
dialog{border:1px solid var(--line);background:var(--card);color:var(--fg)}
`;

export function indexHtml(title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="icon" href="data:,">
<title>${title.replace(/[<&>"]/g, '')}</title>
<style>${CSS}</style>
</head>
<body>
<div id="app">loading…</div>
<noscript>The dashboard needs JavaScript; summary.md beside this file has the table.</noscript>
<script src="data.js"></script>
<script src="app.js"></script>
</body>
</html>
`;
}
