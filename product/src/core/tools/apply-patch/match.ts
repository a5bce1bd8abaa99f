// Finding a run of lines inside a file, tolerating the small differences models
// introduce: trailing whitespace, indentation, and typographic punctuation.

type Comparison = (fileLine: string, patchLine: string) => boolean;

/** From strictest to loosest; the first comparison that finds a match wins. */
const COMPARISONS: readonly Comparison[] = [
  (a, b) => a === b,
  (a, b) => a.trimEnd() === b.trimEnd(),
  (a, b) => a.trim() === b.trim(),
  (a, b) => normalizePunctuation(a.trim()) === normalizePunctuation(b.trim()),
];

/**
 * Index of the first place at or after `start` where `pattern` occurs in
 * `lines`, or undefined. With `atEnd`, a match that ends on the file's last
 * line is preferred over an earlier one.
 */
export function findLines(
  lines: readonly string[],
  pattern: readonly string[],
  start: number,
  atEnd = false,
): number | undefined {
  if (pattern.length === 0) return start;
  const lastStart = lines.length - pattern.length;
  if (lastStart < start) return undefined;
  for (const same of COMPARISONS) {
    const matchesAt = (at: number) => pattern.every((line, k) => same(lines[at + k]!, line));
    if (atEnd && matchesAt(lastStart)) return lastStart;
    for (let at = start; at <= lastStart; at += 1) {
      if (matchesAt(at)) return at;
    }
  }
  return undefined;
}

const PUNCTUATION: Readonly<Record<string, string>> = {
  '\u2010': '-', // hyphen
  '\u2011': '-', // non-breaking hyphen
  '\u2012': '-', // figure dash
  '\u2013': '-', // en dash
  '\u2014': '-', // em dash
  '\u2015': '-', // horizontal bar
  '\u2212': '-', // minus sign
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u2032': "'", // prime
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u201F': '"',
  '\u2033': '"', // double prime
  '\u00AB': '"',
  '\u00BB': '"',
  '\u00A0': ' ', // no-break space
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2004': ' ',
  '\u2005': ' ',
  '\u2006': ' ',
  '\u2007': ' ',
  '\u2008': ' ',
  '\u2009': ' ',
  '\u200A': ' ',
  '\u202F': ' ',
  '\u205F': ' ',
  '\u3000': ' ',
};

const PUNCTUATION_PATTERN = new RegExp(`[${Object.keys(PUNCTUATION).join('')}]`, 'g');

/** Maps typographic dashes, quotes and spaces to their ASCII look-alikes. */
export function normalizePunctuation(text: string): string {
  return text.replace(PUNCTUATION_PATTERN, (ch) => PUNCTUATION[ch] ?? ch);
}
