// How a command line is shown to people (`exec` output, --json items, the TUI): each word quoted the
// way upstream quotes it (POSIX-shell words, the rules of the Rust `shlex` crate it uses), so the
// same command reads the same in both. A word is left bare when it can be; otherwise it is cut into
// the longest runs that one kind of quoting can hold, single quotes preferred over double.

const BARE = /^[A-Za-z0-9+\-./:@\]_]$/;

/** Characters that single quotes cannot hold (a quote ends them; ^ and \ upset some shells). */
const NOT_IN_SINGLE = new Set(["'", '^', '\\']);
/** Characters that double quotes cannot hold (they would expand or, in interactive shells, recall history). */
const NOT_IN_DOUBLE = new Set(['$', '`', '!', '^']);

const BARE_OK = 1;
const SINGLE_OK = 2;
const DOUBLE_OK = 4;

function allowed(c: string): number {
  let ok = 0;
  if (c.codePointAt(0)! < 0x80 && BARE.test(c)) ok |= BARE_OK;
  if (!NOT_IN_SINGLE.has(c)) ok |= SINGLE_OK;
  if (!NOT_IN_DOUBLE.has(c)) ok |= DOUBLE_OK;
  return ok;
}

/** One word as a shell would need it written. */
export function quoteWord(word: string): string {
  if (word === '') return "''";
  const chars = [...word];
  let out = '';
  let i = 0;
  while (i < chars.length) {
    let ok = BARE_OK | SINGLE_OK | DOUBLE_OK;
    let end = i;
    // A leading ^ only works right after an opening single quote.
    if (chars[i] === '^') {
      ok = SINGLE_OK;
      end = i + 1;
    }
    for (; end < chars.length; end++) {
      const next = ok & allowed(chars[end]!);
      if (next === 0) break;
      ok = next;
    }
    const chunk = chars.slice(i, end).join('');
    if (ok & BARE_OK) out += chunk;
    else if (ok & SINGLE_OK) out += `'${chunk}'`;
    else out += `"${chunk.replace(/["\\]/g, '\\$&')}"`;
    i = end;
  }
  return out;
}

/** The words of a command line joined for display: `/bin/bash -lc 'echo hi'`. */
export function joinWords(words: readonly string[]): string {
  return words.map(quoteWord).join(' ');
}
