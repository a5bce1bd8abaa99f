// Exec-policy rules as codex reads them ($CODEX_HOME/rules/*.rules): what parses, what is refused
// (naming file and line as codex does), what a command line matches, and what "don't ask again" writes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeWorkspace } from '#test-support/workspace';

const tempDir = () => makeWorkspace('csm-rules-').root;
import { allowRuleLine, evaluateRules, loadRules, parseRules, RulesError, saveAllowRule, simpleCommands } from './rules.ts';

const parse = (text: string) => parseRules(text, '/home/.codex/rules/default.rules');
const refusal = (text: string) => {
  try {
    parse(text);
  } catch (e) {
    expect(e).toBeInstanceOf(RulesError);
    return (e as Error).message;
  }
  throw new Error('parsed');
};

describe('parsing rules files', () => {
  it('reads prefix_rule calls: word or alternatives per position, decision (allow by default), justification, comments', () => {
    const rules = parse(`# project rules
prefix_rule(pattern=["git", ["status", "diff"]], decision="allow")
prefix_rule(
    pattern = ['rm'],
    decision = "forbidden",
    justification = "no deleting",
)
prefix_rule(pattern=["npm"])
`);
    expect(rules.map(({ pattern, decision, justification, line }) => ({ pattern, decision, justification, line }))).toEqual([
      { pattern: [['git'], ['status', 'diff']], decision: 'allow', justification: undefined, line: 2 },
      { pattern: [['rm']], decision: 'forbidden', justification: 'no deleting', line: 3 },
      { pattern: [['npm']], decision: 'allow', justification: undefined, line: 8 },
    ]);
  });

  it("refuses an unknown decision with codex's line: file, line, message", () => {
    expect(refusal('prefix_rule(pattern=["git"], decision="allow")\nprefix_rule(pattern=["rm"], decision="sometimes")\n')).toBe(
      '/home/.codex/rules/default.rules:2: error: invalid decision: sometimes (problem is on or around line 2)',
    );
  });

  it('refuses syntax errors, unknown functions and arguments, empty patterns, each at its line', () => {
    expect(refusal('prefix_rule(pattern=["git"]')).toMatch(/default\.rules:1: error: unexpected end of file/);
    expect(refusal('\nallow_rule(pattern=["git"])')).toMatch(/:2: error: unknown function: allow_rule/);
    expect(refusal('prefix_rule(pattern=["git"], color="red")')).toMatch(/:1: error: unexpected keyword argument: color/);
    expect(refusal('prefix_rule(pattern=[])')).toMatch(/:1: error: pattern must be a non-empty list/);
    expect(refusal('prefix_rule(pattern=["git"], decision="allow"\nprefix_rule(pattern=["rm"])')).toMatch(/:2: error: expected '\)'/);
    expect(refusal('prefix_rule(pattern=["it\'s])')).toMatch(/:1: error: unterminated string literal/);
  });

  it('checks match and not_match examples against the pattern', () => {
    expect(parse('prefix_rule(pattern=["git", "push"], match=["git push origin"], not_match=[["git", "pull"]])')).toHaveLength(1);
    expect(refusal('prefix_rule(pattern=["git", "push"], match=["git pull"])')).toMatch(/:1: error: match example "git pull" does not match the pattern/);
  });

  it('loads every *.rules file of $CODEX_HOME/rules in name order, and none when the folder is missing', () => {
    const home = tempDir();
    expect(loadRules(home)).toEqual([]);
    mkdirSync(path.join(home, 'rules'));
    writeFileSync(path.join(home, 'rules', 'b.rules'), 'prefix_rule(pattern=["b"])\n');
    writeFileSync(path.join(home, 'rules', 'a.rules'), 'prefix_rule(pattern=["a"])\n');
    writeFileSync(path.join(home, 'rules', 'notes.txt'), 'not a rule');
    expect(loadRules(home).map((r) => r.pattern[0][0])).toEqual(['a', 'b']);
  });
});

describe('matching a command line', () => {
  const rules = parse(`prefix_rule(pattern=["git", ["status", "diff"]])
prefix_rule(pattern=["git"], decision="prompt")
prefix_rule(pattern=["rm"], decision="forbidden")
`);

  it('takes the strictest rule any simple command of the line matches', () => {
    expect(evaluateRules(rules, 'git status')?.decision).toBe('prompt'); // "git" asks, and is stricter
    expect(evaluateRules(rules, 'ls && rm -rf build')?.decision).toBe('forbidden');
    expect(evaluateRules(rules, "echo 'rm' | cat")).toBeNull();
    expect(evaluateRules(rules, 'make test')).toBeNull();
  });

  it('splits a line into simple commands with quotes and escapes as the shell reads them', () => {
    expect(simpleCommands(`git commit -m "a; b" && echo it\\'s; ls|wc -l`)).toEqual([['git', 'commit', '-m', 'a; b'], ['echo', "it's"], ['ls'], ['wc', '-l']]);
    expect(simpleCommands('echo $(rm x)')).toBeNull();
  });
});

describe('"don\'t ask again" saves an allow rule where codex saves it', () => {
  it("appends codex's line to $CODEX_HOME/rules/default.rules, which both programs then read", () => {
    const home = tempDir();
    saveAllowRule(home, ['touch']);
    mkdirSync(path.join(home, 'rules'), { recursive: true });
    writeFileSync(path.join(home, 'rules', 'default.rules'), readFileSync(path.join(home, 'rules', 'default.rules'), 'utf8') + '# mine, no newline at the end');
    saveAllowRule(home, ['npm', 'run test']);
    expect(readFileSync(path.join(home, 'rules', 'default.rules'), 'utf8')).toBe('prefix_rule(pattern=["touch"], decision="allow")\n# mine, no newline at the end\nprefix_rule(pattern=["npm", "run test"], decision="allow")\n');
    expect(evaluateRules(loadRules(home), 'touch ../x')?.decision).toBe('allow');
    expect(allowRuleLine(['a"b'])).toBe('prefix_rule(pattern=["a\\"b"], decision="allow")\n');
  });
});
