// Exec-policy rules: the `$CODEX_HOME/rules/*.rules` files codex reads, a small Starlark dialect of
// `prefix_rule(pattern=[…], decision="allow"|"prompt"|"forbidden", justification="…")` calls. Every
// command is checked against them before the sandbox and approval decision: `forbidden` refuses it,
// `prompt` asks the person first, `allow` lets it through without asking (still sandboxed unless
// escalated). "Don't ask again for commands that start with …" appends an allow rule to
// `default.rules`, where codex appends it too, so either program honours what the other saved.
//
// This is csm's own parser for the subset codex documents (facts from codex's execpolicy README and
// the lab: scenarios exec-rules-*); a file it cannot read is refused with the file and the line,
// as codex refuses it, before anything runs.
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type RuleDecision = 'allow' | 'prompt' | 'forbidden';

export interface PrefixRule {
  /** each position: the words accepted there */
  pattern: string[][];
  decision: RuleDecision;
  justification?: string;
  file: string;
  line: number;
}

export class RulesError extends Error {}

const DECISIONS = new Set<RuleDecision>(['allow', 'prompt', 'forbidden']);
const STRICTNESS: Record<RuleDecision, number> = { allow: 0, prompt: 1, forbidden: 2 };

// ── tokens ────────────────────────────────────────────────────────────────────────────────────
type Token = { kind: 'ident' | 'string' | 'punct'; value: string; line: number };

function tokenize(text: string, fail: (line: number, message: string) => never): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '#') while (i < text.length && text[i] !== '\n') i++;
    else if (c === '"' || c === "'") {
      const start = line;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length || text[i] === '\n') fail(start, 'unterminated string literal');
        const d = text[i];
        if (d === c) break;
        if (d === '\\') {
          const e = text[i + 1];
          value += e === 'n' ? '\n' : e === 't' ? '\t' : (e ?? '');
          i += 2;
        } else {
          value += d;
          i++;
        }
      }
      i++;
      tokens.push({ kind: 'string', value, line: start });
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < text.length && /[A-Za-z0-9_]/.test(text[j])) j++;
      tokens.push({ kind: 'ident', value: text.slice(i, j), line });
      i = j;
    } else if ('()[]=,'.includes(c)) {
      tokens.push({ kind: 'punct', value: c, line });
      i++;
    } else fail(line, `unexpected character '${c}'`);
  }
  return tokens;
}

// ── parser ────────────────────────────────────────────────────────────────────────────────────
type Value = string | Value[];

/** Parses one rules file. Throws RulesError naming the file and the line. */
export function parseRules(text: string, file: string): PrefixRule[] {
  const fail = (line: number, message: string): never => {
    throw new RulesError(`${file}:${line}: error: ${message} (problem is on or around line ${line})`);
  };
  const tokens = tokenize(text, fail);
  let pos = 0;
  const lastLine = () => tokens[tokens.length - 1]?.line ?? 1;
  const peek = () => tokens[pos];
  const next = (): Token => tokens[pos++] ?? fail(lastLine(), 'unexpected end of file');
  const expect = (value: string): Token => {
    const t = next();
    if (t.kind !== 'punct' || t.value !== value) fail(t.line, `expected '${value}', found '${t.value}'`);
    return t;
  };
  const value = (): Value => {
    const t = next();
    if (t.kind === 'string') return t.value;
    if (t.kind === 'punct' && t.value === '[') {
      const items: Value[] = [];
      while (!(peek()?.kind === 'punct' && peek()!.value === ']')) {
        items.push(value());
        if (peek()?.kind === 'punct' && peek()!.value === ',') next();
        else break;
      }
      expect(']');
      return items;
    }
    return fail(t.line, `expected a string or a list, found '${t.value}'`);
  };

  const rules: PrefixRule[] = [];
  while (pos < tokens.length) {
    const name = next();
    if (name.kind !== 'ident') fail(name.line, `expected a rule, found '${name.value}'`);
    expect('(');
    const args = new Map<string, { v: Value; line: number }>();
    while (!(peek()?.kind === 'punct' && peek()!.value === ')')) {
      const key = next();
      if (key.kind !== 'ident') fail(key.line, `expected a keyword argument, found '${key.value}'`);
      expect('=');
      args.set(key.value, { v: value(), line: key.line });
      if (peek()?.kind === 'punct' && peek()!.value === ',') next();
      else break;
    }
    expect(')');
    if (name.value === 'host_executable') continue; // constrains basename fallback; csm matches words as written
    if (name.value !== 'prefix_rule') fail(name.line, `unknown function: ${name.value}`);
    const known = new Set(['pattern', 'decision', 'justification', 'match', 'not_match']);
    for (const [k, { line }] of args) if (!known.has(k)) fail(line, `unexpected keyword argument: ${k}`);
    const pattern = args.get('pattern');
    if (!pattern) fail(name.line, 'prefix_rule needs a pattern');
    if (!Array.isArray(pattern!.v) || pattern!.v.length === 0) fail(pattern!.line, 'pattern must be a non-empty list');
    const positions = (pattern!.v as Value[]).map((p) => {
      const words = typeof p === 'string' ? [p] : p;
      if (!words.length || !words.every((w): w is string => typeof w === 'string')) fail(pattern!.line, 'each pattern element must be a string or a non-empty list of strings');
      return words as string[];
    });
    const decision = args.get('decision');
    const d = decision?.v ?? 'allow';
    if (typeof d !== 'string' || !DECISIONS.has(d as RuleDecision)) fail(decision!.line, `invalid decision: ${String(d)}`);
    const justification = args.get('justification');
    if (justification && typeof justification.v !== 'string') fail(justification.line, 'justification must be a string');
    const rule: PrefixRule = { pattern: positions, decision: d as RuleDecision, file, line: name.line, ...(justification ? { justification: justification.v as string } : {}) };
    // `match` / `not_match` are examples the rule must (not) match: checked as codex checks them.
    for (const [key, want] of [['match', true], ['not_match', false]] as const) {
      const examples = args.get(key);
      if (!examples) continue;
      if (!Array.isArray(examples.v)) fail(examples.line, `${key} must be a list`);
      for (const ex of examples.v as Value[]) {
        const words = typeof ex === 'string' ? splitWords(ex) : ex.every((w) => typeof w === 'string') ? (ex as string[]) : null;
        if (!words) fail(examples.line, `${key} examples must be strings or lists of strings`);
        if (matches(rule, words!) !== want) fail(examples.line, `${key} example ${JSON.stringify(typeof ex === 'string' ? ex : words)} ${want ? 'does not match' : 'matches'} the pattern`);
      }
    }
    rules.push(rule);
  }
  return rules;
}

/** Every `*.rules` file in `$CODEX_HOME/rules`, in name order. Throws RulesError for a file it cannot read. */
export function loadRules(codexHome: string): PrefixRule[] {
  const dir = path.join(codexHome, 'rules');
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.rules'))
    .sort();
  return files.flatMap((f) => {
    const file = path.join(dir, f);
    return parseRules(readFileSync(file, 'utf8'), file);
  });
}

// ── matching ──────────────────────────────────────────────────────────────────────────────────
function matches(rule: PrefixRule, words: readonly string[]): boolean {
  if (words.length < rule.pattern.length) return false;
  return rule.pattern.every((alts, i) => alts.includes(words[i]));
}

/**
 * A shell command line split into its simple commands' words (`a && b | c; d`): quotes and
 * backslashes as the shell reads them. Null when the line uses anything beyond that (substitutions,
 * redirections are kept as words), in which case the whole line is one command.
 */
export function simpleCommands(cmd: string): string[][] | null {
  const commands: string[][] = [];
  let words: string[] = [];
  let word: string | null = null;
  const endWord = () => {
    if (word !== null) words.push(word);
    word = null;
  };
  const endCommand = () => {
    endWord();
    if (words.length) commands.push(words);
    words = [];
  };
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd[i];
    if (c === "'") {
      const end = cmd.indexOf("'", i + 1);
      if (end < 0) return null;
      word = (word ?? '') + cmd.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      for (; j < cmd.length && cmd[j] !== '"'; j++) {
        if (cmd[j] === '$' || cmd[j] === '`') return null;
        if (cmd[j] === '\\' && j + 1 < cmd.length) s += cmd[++j];
        else s += cmd[j];
      }
      if (j >= cmd.length) return null;
      word = (word ?? '') + s;
      i = j;
    } else if (c === '\\' && i + 1 < cmd.length) word = (word ?? '') + cmd[++i];
    else if (c === '$' || c === '`' || c === '(' || c === ')') return null;
    else if (c === ' ' || c === '\t') endWord();
    else if (c === '\n' || c === ';' || c === '|' || c === '&') endCommand();
    else word = (word ?? '') + c;
  }
  endCommand();
  return commands;
}

function splitWords(cmd: string): string[] | null {
  const parts = simpleCommands(cmd);
  return parts && parts.length === 1 ? parts[0] : null;
}

export interface RuleVerdict {
  decision: RuleDecision;
  rule: PrefixRule;
}

/** The strictest rule any of the line's commands matches, or null when none does. */
export function evaluateRules(rules: readonly PrefixRule[], cmd: string): RuleVerdict | null {
  if (!rules.length) return null;
  const commands = simpleCommands(cmd) ?? [cmd.trim().split(/\s+/)];
  let verdict: RuleVerdict | null = null;
  for (const words of commands) {
    for (const rule of rules) {
      if (!matches(rule, words)) continue;
      if (!verdict || STRICTNESS[rule.decision] > STRICTNESS[verdict.decision]) verdict = { decision: rule.decision, rule };
    }
  }
  return verdict;
}

// ── writing ───────────────────────────────────────────────────────────────────────────────────
/** The rule line "don't ask again for commands that start with …" saves. */
export function allowRuleLine(prefix: readonly string[]): string {
  return `prefix_rule(pattern=[${prefix.map((w) => JSON.stringify(w)).join(', ')}], decision="allow")\n`;
}

/** Appends an allow rule for this prefix to `$CODEX_HOME/rules/default.rules` (created when missing); returns the rule. */
export function saveAllowRule(codexHome: string, prefix: readonly string[]): PrefixRule {
  const dir = path.join(codexHome, 'rules');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'default.rules');
  let before = '';
  try {
    before = readFileSync(file, 'utf8');
  } catch {
    // a new file
  }
  appendFileSync(file, (before && !before.endsWith('\n') ? '\n' : '') + allowRuleLine(prefix));
  return { pattern: prefix.map((w) => [w]), decision: 'allow', file, line: before.split('\n').length };
}
