// Code in a language, coloured in a syntax theme, as screen spans: Shiki's TextMate tokenizer (its
// JavaScript regex engine, no WebAssembly to start) over the language's grammar, coloured by the
// theme as upstream 0.171.0 colours it: the theme's RGB foreground (its background is left to the
// terminal), bold kept, italic and underline dropped. Nothing is loaded until a code block first
// asks: the caller draws plain text meanwhile and is told (onSyntaxReady) when to draw again.
// Work is bounded: code past upstream's limits stays plain, results are cached per block, a block
// that grows (an answer streaming in) is tokenized from where its complete lines ended, and a frame
// tokenizes at most LINES_PER_FRAME lines (a longer block is coloured between frames).
import type { GrammarState, HighlighterCore, ThemedToken } from '@shikijs/core';
import type { Span, Style } from '../screen/canvas.ts';
import { loadThemeData } from './catalogue.ts';

/** Upstream leaves code larger than these plain. */
export const MAX_HIGHLIGHT_BYTES = 512 * 1024;
export const MAX_HIGHLIGHT_LINES = 10_000;

type Status = 'loading' | 'ready' | 'failed';
let core: HighlighterCore | null = null;
let coreLoad: Promise<HighlighterCore> | null = null;
const langs = new Map<string, { status: Status; id?: string; done: Promise<void> }>();
const themes = new Map<string, { status: Status; done: Promise<void> }>();
let generation = 0;
const listeners = new Set<() => void>();

/** Changes whenever something finished loading: what was drawn plain may now be coloured. */
export const syntaxGeneration = (): number => generation;

/** `fn` runs each time a language or theme finishes loading. Returns the unsubscribe. */
export function onSyntaxReady(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function loaded(): void {
  generation++;
  cache.clear();
  for (const fn of listeners) fn();
}

function loadCore(): Promise<HighlighterCore> {
  coreLoad ??= (async () => {
    const [{ createHighlighterCore }, { createJavaScriptRegexEngine }] = await Promise.all([import('@shikijs/core'), import('@shikijs/engine-javascript')]);
    // Forgiving: a grammar pattern the JS engine cannot run never matches, rather than failing the language.
    core = await createHighlighterCore({ engine: createJavaScriptRegexEngine({ forgiving: true }), themes: [], langs: [] });
    return core;
  })();
  return coreLoad;
}

/** Names fences use that are not grammar names. */
const ALIASES: Record<string, string> = { golang: 'go', python3: 'python', 'c++': 'cpp', 'objective-c++': 'objective-cpp', text: '', plaintext: '', plain: '', txt: '' };

/** A fence's info string → the grammar module to ask for ('' for none). */
export function languageOf(info: string): string {
  const word = info.trim().split(/[\s,{]/)[0].toLowerCase();
  const name = ALIASES[word] ?? word;
  return /^[a-z0-9][a-z0-9#+_.-]*$/.test(name) && !name.includes('..') ? name : '';
}

function ensureLanguage(lang: string): { status: Status; id?: string; done: Promise<void> } {
  let entry = langs.get(lang);
  if (entry) return entry;
  const e: { status: Status; id?: string; done: Promise<void> } = { status: 'loading', done: Promise.resolve() };
  e.done = (async () => {
    try {
      const c = await loadCore();
      // A runtime specifier: grammars are read from node_modules as fences need them, never bundled.
      const spec = `@shikijs/langs/${lang}`;
      const grammars = ((await import(spec)) as { default: Array<{ name: string }> }).default;
      await c.loadLanguage(...(grammars as Parameters<HighlighterCore['loadLanguage']>));
      e.id = grammars[grammars.length - 1].name;
      e.status = 'ready';
    } catch {
      e.status = 'failed';
    }
    loaded();
  })();
  entry = e;
  langs.set(lang, entry);
  return entry;
}

function ensureTheme(theme: string): { status: Status; done: Promise<void> } {
  let entry = themes.get(theme);
  if (entry) return entry;
  const e: { status: Status; done: Promise<void> } = { status: 'loading', done: Promise.resolve() };
  e.done = (async () => {
    try {
      const [c, data] = await Promise.all([loadCore(), loadThemeData(theme)]);
      await c.loadTheme(data as Parameters<HighlighterCore['loadTheme']>[0]);
      e.status = 'ready';
    } catch {
      e.status = 'failed';
    }
    loaded();
  })();
  entry = e;
  themes.set(theme, entry);
  return entry;
}

/** Resolves once `lang` (a fence's info string) and `theme` have loaded or failed to. */
export async function syntaxReady(info: string, theme: string): Promise<void> {
  const lang = languageOf(info);
  await Promise.all([lang ? ensureLanguage(lang).done : undefined, ensureTheme(theme).done]);
}

/** A theme colour as the terminal takes it: #RRGGBB, a palette index (bat's #NN000000 convention), or none (#……01). */
export function colourOf(c: string | undefined): string | number | undefined {
  if (!c || !c.startsWith('#')) return undefined;
  if (c.length === 9) {
    const alpha = c.slice(7).toLowerCase();
    if (alpha === '00') return parseInt(c.slice(1, 3), 16);
    if (alpha === '01') return undefined;
  }
  return c.slice(0, 7).toLowerCase();
}

const BOLD = 2; // Shiki's FontStyle.Bold

function tokenStyle(t: ThemedToken): Style {
  const style: Style = {};
  const fg = colourOf(t.color);
  if (fg !== undefined) style.fg = fg;
  if (t.fontStyle !== undefined && t.fontStyle > 0 && t.fontStyle & BOLD) style.bold = true;
  return style;
}

const sameStyle = (a: Style | undefined, b: Style) => a?.fg === b.fg && !a?.bold === !b.bold;

// Highlighted blocks by theme, language and text: a frame redrawn never tokenizes a block again.
const cache = new Map<string, Span[][]>();
const CACHE_ENTRIES = 256;

/** Complete lines already tokenized, and the grammar's state after them, by theme and language. */
interface Prefix {
  head: string;
  lines: Span[][];
  state: GrammarState | undefined;
}
const prefixes = new Map<string, Prefix[]>();
const PREFIXES_PER_KIND = 8;

function spansOf(tokens: ThemedToken[][]): Span[][] {
  return tokens.map((line) => {
    const spans: Span[] = [];
    for (const t of line) {
      if (!t.content) continue;
      const style = tokenStyle(t);
      const last = spans[spans.length - 1];
      if (last && sameStyle(last.style, style)) last.text += t.content;
      else spans.push({ text: t.content, style });
    }
    return spans;
  });
}

/** Lines one frame tokenizes at most; a longer stretch is done between frames, drawn plain meanwhile. */
export const LINES_PER_FRAME = 400;

/** The longest tokenized prefix `head` extends. */
function baseFor(kind: string, head: string): Prefix {
  let base: Prefix = { head: '', lines: [], state: undefined };
  for (const p of prefixes.get(kind) ?? []) if (p.head.length > base.head.length && head.startsWith(p.head)) base = p;
  return base;
}

/** Tokenizes up to `max` more complete lines of `head` after what `base` holds, and keeps the result. */
function extend(c: HighlighterCore, kind: string, base: Prefix, head: string, lang: string, theme: string, max: number): Prefix {
  let end = base.head.length;
  for (let n = 0; n < max && end < head.length; n++) end = head.indexOf('\n', end) + 1;
  const tokens = c.codeToTokensBase(head.slice(base.head.length, end - 1), { lang, theme, grammarState: base.state });
  const entry = { head: head.slice(0, end), lines: [...base.lines, ...spansOf(tokens)], state: c.getLastGrammarState(tokens) };
  const known = prefixes.get(kind) ?? [];
  prefixes.set(kind, [entry, ...known.filter((p) => p !== base)].slice(0, PREFIXES_PER_KIND));
  return entry;
}

const background = new Set<string>();
/** Tokenizes `head` between frames, a stretch at a time; those waiting are told when it is done. */
function inBackground(c: HighlighterCore, kind: string, head: string, lang: string, theme: string): void {
  const job = `${kind}\0${head.length}\0${head.slice(-64)}`;
  if (background.has(job)) return;
  background.add(job);
  const step = () => {
    try {
      const base = baseFor(kind, head);
      if (base.head.length < head.length) {
        extend(c, kind, base, head, lang, theme, LINES_PER_FRAME);
        if (baseFor(kind, head).head.length < head.length) return void setTimeout(step, 0).unref?.();
      }
    } catch {
      // left plain
    }
    background.delete(job);
    generation++;
    for (const fn of listeners) fn();
  };
  setTimeout(step, 0).unref?.();
}

/**
 * `code` tokenized, continuing from the longest earlier block it extends: a message streaming in
 * costs each frame its new lines, not the whole block again (TextMate grammars work line by line,
 * so the result is the same as tokenizing it whole). Null when more than a frame's worth of lines
 * is new: those are tokenized between frames (onSyntaxReady tells when).
 */
function tokenize(c: HighlighterCore, code: string, lang: string, theme: string): Span[][] | null {
  const kind = `${theme}\0${lang}`;
  const cut = code.lastIndexOf('\n') + 1;
  const head = code.slice(0, cut);
  let entry = baseFor(kind, head);
  if (head.length > entry.head.length) {
    let newLines = 0;
    for (let i = entry.head.length; i < head.length && newLines <= LINES_PER_FRAME; i = head.indexOf('\n', i) + 1) newLines++;
    if (newLines > LINES_PER_FRAME) {
      inBackground(c, kind, head, lang, theme);
      return null;
    }
    entry = extend(c, kind, entry, head, lang, theme, newLines);
  }
  const tail = code.slice(cut);
  const last = tail ? spansOf(c.codeToTokensBase(tail, { lang, theme, grammarState: entry.state })) : [[]];
  return [...entry.lines, ...last];
}

/**
 * `code`'s lines as spans in `theme`, or null when it stays plain: no language, one Shiki does not
 * know, past the limits, or not loaded yet (loading starts; onSyntaxReady says when to ask again).
 */
export function highlightCode(code: string, info: string, theme: string): Span[][] | null {
  const lang = languageOf(info);
  if (!lang || !code) return null;
  if (code.length > MAX_HIGHLIGHT_BYTES || Buffer.byteLength(code) > MAX_HIGHLIGHT_BYTES) return null;
  let lines = 0;
  for (let i = code.indexOf('\n'); i >= 0 && lines <= MAX_HIGHLIGHT_LINES; i = code.indexOf('\n', i + 1)) lines++;
  if (lines > MAX_HIGHLIGHT_LINES) return null;
  const l = ensureLanguage(lang);
  const t = ensureTheme(theme);
  if (l.status !== 'ready' || t.status !== 'ready' || !core) return null;
  const key = `${theme}\0${l.id}\0${code}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let out: Span[][] | null;
  try {
    out = tokenize(core, code.replace(/\r\n?/g, '\n'), l.id!, theme);
  } catch {
    return null;
  }
  if (!out) return null;
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, out);
  return out;
}
