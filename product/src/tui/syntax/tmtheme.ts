// A TextMate colour scheme (`.tmTheme`, an XML property list) as the highlighter's theme data: its
// name, whether it is dark or light, and its scope rules (foreground, background, font style). Used
// to turn the public schemes upstream bundles (bat's and syntect's) into ./themes/*.json, and to read
// a person's own `$CODEX_HOME/themes/NAME.tmTheme`.

type Plist = string | number | boolean | Plist[] | { [key: string]: Plist };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e] ?? m),
  );

/** The property list's root value (the subset colour schemes use: dict, array, string, integer, real, true, false). */
export function parsePlist(xml: string): Plist {
  const tokens = xml
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>/g, '')
    .match(/<[^>]+>|[^<]+/g) ?? [];
  let i = 0;
  const next = () => tokens[i++];
  const skipSpace = () => {
    while (i < tokens.length && !tokens[i].startsWith('<') && !tokens[i].trim()) i++;
  };
  const text = (close: string): string => {
    let s = '';
    while (i < tokens.length && tokens[i] !== close) s += tokens[i++];
    i++;
    return decode(s);
  };
  const value = (): Plist => {
    skipSpace();
    const tag = next();
    if (tag === undefined) throw new Error('plist ended early');
    if (/^<(string|key)\s*\/>$/.test(tag)) return '';
    if (tag === '<true/>') return true;
    if (tag === '<false/>') return false;
    if (tag === '<string>') return text('</string>');
    if (tag === '<integer>' || tag === '<real>') return Number(text(tag.replace('<', '</')));
    if (tag === '<dict/>') return {};
    if (tag === '<array/>') return [];
    if (tag === '<array>') {
      const out: Plist[] = [];
      for (skipSpace(); tokens[i] !== '</array>'; skipSpace()) out.push(value());
      i++;
      return out;
    }
    if (tag === '<dict>') {
      const out: Record<string, Plist> = {};
      for (skipSpace(); tokens[i] !== '</dict>'; skipSpace()) {
        const k = next();
        const key = k === '<key/>' ? '' : k === '<key>' ? text('</key>') : null;
        if (key === null) throw new Error(`plist: expected a key, found ${k}`);
        out[key] = value();
      }
      i++;
      return out;
    }
    if (tag.startsWith('<plist')) {
      const v = value();
      skipSpace();
      return v;
    }
    throw new Error(`plist: unexpected ${tag}`);
  };
  skipSpace();
  return value();
}

export interface ThemeRule {
  name?: string;
  scope?: string;
  settings: { foreground?: string; background?: string; fontStyle?: string };
}

/** Theme data as the highlighter takes it (Shiki's raw theme: TextMate `settings`). */
export interface ThemeData {
  name: string;
  type: 'dark' | 'light';
  settings: ThemeRule[];
}

/** #RGB, #RRGGBB or #RRGGBBAA, upper-cased; anything else is dropped. */
function colour(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (/^#[0-9a-f]{3}$/i.test(s)) return `#${[...s.slice(1)].map((c) => c + c).join('')}`.toUpperCase();
  return /^#([0-9a-f]{6}|[0-9a-f]{8})$/i.test(s) ? s.toUpperCase() : undefined;
}

/** Relative luminance of #RRGGBB (WCAG). */
export function luminance(hex: string): number {
  const lin = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(1) + 0.7152 * lin(3) + 0.0722 * lin(5);
}

/** A `.tmTheme`'s text as theme data named `name`: only the colours and font styles are kept. */
export function tmThemeToData(xml: string, name: string): ThemeData {
  const root = parsePlist(xml);
  if (!root || typeof root !== 'object' || Array.isArray(root) || !Array.isArray(root.settings)) throw new Error(`${name}: not a colour scheme`);
  const settings: ThemeRule[] = [];
  for (const entry of root.settings) {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) continue;
    const s = entry.settings;
    if (!s || typeof s !== 'object' || Array.isArray(s)) continue;
    const rule: ThemeRule = { settings: {} };
    if (typeof entry.scope === 'string' && entry.scope.trim()) rule.scope = entry.scope.trim();
    const fg = colour(s.foreground);
    const bg = colour(s.background);
    if (fg) rule.settings.foreground = fg;
    if (bg) rule.settings.background = bg;
    if (typeof s.fontStyle === 'string') rule.settings.fontStyle = s.fontStyle.trim();
    // The global entry (no scope) keeps only the default colours; a scoped entry needs something to set.
    if (!rule.scope && settings.some((r) => !r.scope)) continue;
    if (rule.scope && !Object.keys(rule.settings).length) continue;
    settings.push(rule);
  }
  const global = settings.find((r) => !r.scope);
  if (!global) settings.unshift({ settings: {} });
  else if (settings[0] !== global) settings.splice(0, 0, ...settings.splice(settings.indexOf(global), 1));
  // Light or dark by the background; a scheme without one (it keeps the terminal's) by its text colour.
  const { background: bg, foreground: fg } = settings[0].settings;
  const opaque = (c: string | undefined): c is string => !!c && (c.length === 7 || !/^0[01]$/.test(c.slice(7)));
  const type = opaque(bg) ? (luminance(bg) > 0.4 ? 'light' : 'dark') : opaque(fg) && luminance(fg) < 0.2 ? 'light' : 'dark';
  return { name, type, settings };
}
