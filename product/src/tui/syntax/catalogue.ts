// The syntax themes `/theme` offers and `[tui] theme` names: upstream 0.171.0's 38, under its names
// and in its order, and a person's own `$CODEX_HOME/themes/NAME.tmTheme` files. Those Shiki ships
// under the same name are Shiki's; the rest are the public schemes upstream bundles, converted into
// ./themes/*.json (each names its source and licence). A theme's data is loaded only when first used.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { tmThemeToData, type ThemeData } from './tmtheme.ts';

/** A theme as the highlighter loads it: converted TextMate `settings`, or a Shiki theme's VS Code `tokenColors`. */
export type LoadedTheme = Omit<ThemeData, 'settings'> & { settings?: ThemeData['settings']; tokenColors?: unknown[] };

/** Upstream's theme when none is set, on a dark terminal (and on one whose background is unknown). */
export const DEFAULT_THEME = 'catppuccin-mocha';
/** … and on a light one. */
export const LIGHT_DEFAULT_THEME = 'catppuccin-latte';

/** Upstream's default for a terminal whose background is `rgb` (unknown: dark). */
export function defaultThemeFor(rgb?: readonly [number, number, number]): string {
  return rgb && rgb[0] * 0.299 + rgb[1] * 0.587 + rgb[2] * 0.114 > 128 ? LIGHT_DEFAULT_THEME : DEFAULT_THEME;
}

type Loader = () => Promise<ThemeData | { default: unknown }>;

/** Shiki's own themes by the same name. */
const SHIKI = ['catppuccin-frappe', 'catppuccin-latte', 'catppuccin-macchiato', 'catppuccin-mocha', 'dracula', 'nord', 'solarized-dark', 'solarized-light'];

// A literal import per file, so the bundler makes each one a chunk of its own, read on first use.
const DATA: Record<string, Loader> = {
  '1337': () => import('./themes/1337.json', { with: { type: 'json' } }),
  ada: () => import('./themes/ada.json', { with: { type: 'json' } }),
  ansi: () => import('./themes/ansi.json', { with: { type: 'json' } }),
  babbage: () => import('./themes/babbage.json', { with: { type: 'json' } }),
  base16: () => import('./themes/base16.json', { with: { type: 'json' } }),
  'base16-256': () => import('./themes/base16-256.json', { with: { type: 'json' } }),
  'base16-eighties-dark': () => import('./themes/base16-eighties-dark.json', { with: { type: 'json' } }),
  'base16-mocha-dark': () => import('./themes/base16-mocha-dark.json', { with: { type: 'json' } }),
  'base16-ocean-dark': () => import('./themes/base16-ocean-dark.json', { with: { type: 'json' } }),
  'base16-ocean-light': () => import('./themes/base16-ocean-light.json', { with: { type: 'json' } }),
  'coldark-cold': () => import('./themes/coldark-cold.json', { with: { type: 'json' } }),
  'coldark-dark': () => import('./themes/coldark-dark.json', { with: { type: 'json' } }),
  curie: () => import('./themes/curie.json', { with: { type: 'json' } }),
  cushman: () => import('./themes/cushman.json', { with: { type: 'json' } }),
  dali: () => import('./themes/dali.json', { with: { type: 'json' } }),
  'dark-neon': () => import('./themes/dark-neon.json', { with: { type: 'json' } }),
  davinci: () => import('./themes/davinci.json', { with: { type: 'json' } }),
  github: () => import('./themes/github.json', { with: { type: 'json' } }),
  'gruvbox-dark': () => import('./themes/gruvbox-dark.json', { with: { type: 'json' } }),
  'gruvbox-light': () => import('./themes/gruvbox-light.json', { with: { type: 'json' } }),
  'inspired-github': () => import('./themes/inspired-github.json', { with: { type: 'json' } }),
  'monokai-extended': () => import('./themes/monokai-extended.json', { with: { type: 'json' } }),
  'monokai-extended-bright': () => import('./themes/monokai-extended-bright.json', { with: { type: 'json' } }),
  'monokai-extended-light': () => import('./themes/monokai-extended-light.json', { with: { type: 'json' } }),
  'monokai-extended-origin': () => import('./themes/monokai-extended-origin.json', { with: { type: 'json' } }),
  'one-half-dark': () => import('./themes/one-half-dark.json', { with: { type: 'json' } }),
  'one-half-light': () => import('./themes/one-half-light.json', { with: { type: 'json' } }),
  'sublime-snazzy': () => import('./themes/sublime-snazzy.json', { with: { type: 'json' } }),
  'two-dark': () => import('./themes/two-dark.json', { with: { type: 'json' } }),
  zenburn: () => import('./themes/zenburn.json', { with: { type: 'json' } }),
};

/** Every theme name, sorted as upstream's picker lists them. */
export const THEME_NAMES: readonly string[] = [...SHIKI, ...Object.keys(DATA)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

export const isThemeName = (name: string): boolean => THEME_NAMES.includes(name) || customThemes().includes(name);

let customDir: string | null = null;
/** Where a person's own `.tmTheme` files are read from (`$CODEX_HOME/themes`). */
export function useCustomThemes(dir: string | null): void {
  customDir = dir;
}

/** The names of the person's own themes (their `.tmTheme` files), sorted; a bundled name is not shadowed. */
export function customThemes(): string[] {
  if (!customDir) return [];
  let files: string[];
  try {
    files = readdirSync(customDir);
  } catch {
    return [];
  }
  return files
    .filter((f) => f.toLowerCase().endsWith('.tmtheme'))
    .map((f) => f.slice(0, -'.tmTheme'.length))
    .filter((n) => n && !THEME_NAMES.includes(n))
    .sort();
}

/** The theme's data (Shiki's raw theme shape), read on first use. */
export async function loadThemeData(name: string): Promise<LoadedTheme> {
  const data = DATA[name];
  if (data) {
    const m = await data();
    return ('default' in m ? m.default : m) as LoadedTheme;
  }
  if (!SHIKI.includes(name)) {
    if (!customDir || name.includes('/') || name.includes(path.sep)) throw new Error(`unknown syntax theme ${name}`);
    return tmThemeToData(readFileSync(path.join(customDir, `${name}.tmTheme`), 'utf8'), name);
  }
  // A runtime specifier: the theme is read from node_modules when first used, not bundled.
  const spec = `@shikijs/themes/${name}`;
  const m = (await import(spec)) as { default: LoadedTheme };
  return { ...m.default, name };
}
