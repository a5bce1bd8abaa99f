// Synthetic but plausible coding-session text: prompts, markdown answers, reasoning summaries, shell
// commands and their multi-line output. Built from word lists plus identifiers made of syllables, so
// the term distribution looks like real sessions (a few very common words, a long tail of names).
import { Rng } from './rng.ts';

const COMMON = `the a to of and in is for that it with on this be as are we not or if from by can at
should will it's when but use so then there which need add fix check make run test update change
file function type value error case call return line code config build path test before after
only also new old first last each all any more just still now here what why how where`.split(/\s+/);

const DEV_WORDS = `parser lexer token buffer stream reader writer handler request response client server
session thread turn rollout index cursor offset page limit query search filter sort cache store
queue worker retry timeout deadline signal process child spawn exit status code output input
schema validate serialize deserialize encode decode payload header body chunk frame event message
listener callback promise async await future task executor runtime scheduler lock mutex channel
config option flag argument default override profile provider model endpoint route middleware
database table column migration transaction commit rollback snapshot backup restore archive delete
prune compact merge split slice join format render layout widget screen cursor terminal scrollback
viewport resize color style theme palette border padding margin width height column row cell grid
test suite fixture mock stub spy assert expect snapshot coverage benchmark profile flame trace span
metric counter histogram gauge log level warning debug verbose quiet color diff patch hunk apply
revert branch rebase cherry stash tag remote origin upstream fetch pull push clone checkout status
dependency package version semver lockfile registry install build bundle minify transpile target
module import export default namespace interface struct enum trait impl generic lifetime borrow
owner reference pointer allocation memory leak heap stack frame closure iterator generator range
vector array map set tree graph node edge vertex weight path cycle order hash digest checksum
encrypt decrypt secret credential token permission sandbox policy approval escalation network
socket port address host domain certificate handshake protocol version negotiate upgrade downgrade
regression flaky failing passing skipped pending timeout crash panic abort segfault overflow
underflow boundary edge corner invariant precondition postcondition assertion contract guarantee`.split(/\s+/);

const SYLLABLES = `ka lo mi ren tor vex dal pin sor gum bre fli tan cor mu zel nar quo pel sid wan tro fen
lin dor sap mer ik ul on ar en ta re so la ni po du ve ba ro ci fa ge hu jo ky`.split(/\s+/);

const EXTENSIONS = ['ts', 'ts', 'ts', 'tsx', 'rs', 'rs', 'py', 'go', 'md', 'json', 'toml', 'yaml'];
const DIRS = `src src/core src/cli src/tui src/util src/model src/store src/server lib tests test
bench scripts docs packages/core packages/cli crates/core crates/tui app internal pkg cmd`.split(/\s+/);
const TEST_RUNNERS = ['npm test --', 'npx vitest run', 'cargo test', 'pytest -q', 'go test ./...'];
const LANGS = ['ts', 'rust', 'python', 'bash', 'go', 'json'];
const ERRORS = [
  "TypeError: Cannot read properties of undefined (reading 'length')",
  'error[E0502]: cannot borrow `self.items` as mutable because it is also borrowed as immutable',
  'AssertionError: expected 3 to equal 4',
  'ENOENT: no such file or directory',
  'thread main panicked at called `Option::unwrap()` on a `None` value',
  'SyntaxError: Unexpected token } in JSON at position 1432',
  'Error: connect ECONNREFUSED 127.0.0.1:5432',
  'FAILED tests/test_index.py::test_incremental - KeyError',
];

/** Words and identifiers for one generator run. Built once from a fixed seed: cheap and shared. */
export class Vocabulary {
  readonly words: string[];
  readonly identifiers: string[];
  readonly files: string[];

  constructor(seed = 0x5eed) {
    const rng = new Rng(seed);
    const made = new Set<string>();
    const word = () => {
      let w = '';
      const n = rng.range(2, 4);
      for (let i = 0; i < n; i++) w += rng.pick(SYLLABLES);
      return w;
    };
    while (made.size < 4000) made.add(word());
    const invented = [...made];
    this.words = [...COMMON, ...DEV_WORDS, ...invented];
    const ids = new Set<string>();
    while (ids.size < 6000) {
      const a = rng.chance(0.7) ? rng.pick(DEV_WORDS) : rng.pick(invented);
      const b = rng.chance(0.6) ? rng.pick(DEV_WORDS) : rng.pick(invented);
      const style = rng.int(3);
      ids.add(style === 0 ? a + cap(b) : style === 1 ? `${a}_${b}` : cap(a) + cap(b));
    }
    this.identifiers = [...ids];
    const files = new Set<string>();
    while (files.size < 800) {
      const name = rng.chance(0.5) ? rng.pick(DEV_WORDS) : rng.pick(invented);
      const suffix = rng.chance(0.2) ? '.test' : '';
      files.add(`${rng.pick(DIRS)}/${name}${suffix}.${rng.pick(EXTENSIONS)}`);
    }
    this.files = [...files];
  }

  /** Every word and identifier the generator can emit, for tests that need a word that never occurs. */
  contains(token: string): boolean {
    const t = token.toLowerCase();
    return this.words.some((w) => w.toLowerCase().includes(t)) || this.identifiers.some((w) => w.toLowerCase().includes(t));
  }
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Generates text pieces with one session's Rng. */
export class TextGen {
  constructor(
    private readonly rng: Rng,
    private readonly vocab: Vocabulary,
  ) {}

  word(): string {
    const r = this.rng.next();
    if (r < 0.35) return this.rng.pick(COMMON);
    if (r < 0.75) return this.rng.pickSkewed(DEV_WORDS);
    return this.rng.pickSkewed(this.vocab.words);
  }

  ident(): string {
    return this.rng.pickSkewed(this.vocab.identifiers);
  }

  file(): string {
    return this.rng.pickSkewed(this.vocab.files);
  }

  sentence(min = 6, max = 18): string {
    const n = this.rng.range(min, max);
    let s = cap(this.word());
    for (let i = 1; i < n; i++) {
      const r = this.rng.next();
      if (r < 0.06) s += ` \`${this.ident()}\``;
      else if (r < 0.08) s += ` \`${this.file()}\``;
      else s += ` ${this.word()}`;
      if (i < n - 1 && this.rng.chance(0.05)) s += ',';
    }
    return s + (this.rng.chance(0.1) ? '?' : '.');
  }

  paragraph(min = 2, max = 5): string {
    const n = this.rng.range(min, max);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.sentence());
    return out.join(' ');
  }

  codeLine(indent = 0): string {
    const pad = '  '.repeat(indent);
    const a = this.ident();
    const b = this.ident();
    switch (this.rng.int(9)) {
      case 0:
        return `${pad}const ${a} = await ${b}(${this.ident()}, { ${this.word()}: ${this.rng.int(100)} });`;
      case 1:
        return `${pad}if (${a}.${this.word()} === undefined) return ${b};`;
      case 2:
        return `${pad}let ${a} = ${b}.iter().map(|x| x.${this.word()}()).collect::<Vec<_>>();`;
      case 3:
        return `${pad}for (const ${this.word()} of ${a}) ${b}.push(${this.word()});`;
      case 4:
        return `${pad}// ${this.sentence(4, 10)}`;
      case 5:
        return `${pad}export function ${a}(${b}: ${cap(this.word())}): ${cap(this.word())} {`;
      case 6:
        return `${pad}throw new Error(\`${this.word()} ${this.word()} failed: \${${a}}\`);`;
      case 7:
        return `${pad}${a}.${b}(${this.rng.int(1000)}, "${this.word()}-${this.word()}");`;
      default:
        return `${pad}}`;
    }
  }

  codeBlock(minLines = 3, maxLines = 14): string {
    const n = this.rng.range(minLines, maxLines);
    const lines: string[] = [];
    let indent = 0;
    for (let i = 0; i < n; i++) {
      const l = this.codeLine(indent);
      lines.push(l);
      if (l.endsWith('{')) indent = Math.min(indent + 1, 4);
      else if (l.trim() === '}' && indent > 0) indent--;
    }
    return lines.join('\n');
  }

  userPrompt(): string {
    const r = this.rng;
    switch (r.int(7)) {
      case 0:
        return `Can you ${r.pick(['fix', 'refactor', 'speed up', 'document', 'simplify', 'review'])} \`${this.ident()}\` in ${this.file()}? ${this.sentence()}`;
      case 1:
        return `Why does \`${r.pick(TEST_RUNNERS)} ${this.word()}\` fail with:\n\n\`\`\`\n${r.pick(ERRORS)}\n    at ${this.ident()} (${this.file()}:${r.int(400)}:${r.int(80)})\n    at ${this.ident()} (${this.file()}:${r.int(400)}:${r.int(80)})\n\`\`\`\n\n${this.sentence()}`;
      case 2:
        return `${this.sentence()} ${this.sentence()}`;
      case 3:
        return `Add a test for ${this.file()} covering ${this.word()} ${this.word()} and the ${this.word()} case. ${this.sentence()}`;
      case 4:
        return `Here is the current code:\n\n\`\`\`${r.pick(LANGS)}\n${this.codeBlock(4, 20)}\n\`\`\`\n\n${this.paragraph(1, 3)}`;
      case 5:
        return `continue`;
      default:
        return `${this.paragraph(1, 3)} Keep the change small and run the tests afterwards.`;
    }
  }

  assistantAnswer(): string {
    const r = this.rng;
    const parts: string[] = [];
    if (r.chance(0.4)) parts.push(`**${cap(this.word())} ${this.word()}**`);
    parts.push(this.paragraph(1, 4));
    if (r.chance(0.6)) {
      const n = r.range(2, 6);
      const items: string[] = [];
      for (let i = 0; i < n; i++) items.push(`- \`${this.file()}\`: ${this.sentence(4, 12)}`);
      parts.push(items.join('\n'));
    }
    if (r.chance(0.35)) parts.push(`\`\`\`${r.pick(LANGS)}\n${this.codeBlock()}\n\`\`\``);
    if (r.chance(0.5)) parts.push(`Tests: \`${r.pick(TEST_RUNNERS)} ${this.word()}\` → ${r.range(1, 300)} passed.`);
    return parts.join('\n\n');
  }

  reasoningSummary(): string {
    return `**${this.rng.pick(['Inspecting', 'Planning', 'Checking', 'Tracing', 'Considering', 'Reviewing'])} ${this.word()} ${this.word()}**\n\n${this.paragraph(1, 2)}`;
  }

  /** A shell command and the multi-line output it printed; `lines` bounds the output length. */
  command(lines: number): { cmd: string; output: string; exitCode: number } {
    const r = this.rng;
    const f = this.file();
    const out: string[] = [];
    let cmd: string;
    let exitCode = 0;
    switch (r.int(7)) {
      case 0: {
        cmd = `rg -n "${this.ident()}" ${r.pick(DIRS)}`;
        for (let i = 0; i < lines; i++) out.push(`${this.file()}:${r.range(1, 900)}:${this.codeLine(r.int(3))}`);
        break;
      }
      case 1: {
        const start = r.range(1, 400);
        cmd = `sed -n '${start},${start + lines}p' ${f}`;
        for (let i = 0; i < lines; i++) out.push(this.codeLine(r.int(4)));
        break;
      }
      case 2: {
        cmd = `ls -la ${r.pick(DIRS)}`;
        out.push(`total ${r.range(8, 400)}`);
        for (let i = 0; i < lines; i++) {
          const name = this.file().split('/').pop();
          out.push(`-rw-r--r-- 1 dev dev ${String(r.range(100, 90000)).padStart(6)} Nov ${String(r.range(1, 28)).padStart(2)} ${String(r.range(0, 23)).padStart(2, '0')}:${String(r.range(0, 59)).padStart(2, '0')} ${name}`);
        }
        break;
      }
      case 3: {
        cmd = `${r.pick(TEST_RUNNERS)} ${this.word()}`;
        let failed = 0;
        for (let i = 0; i < lines; i++) {
          const ok = r.chance(0.92);
          if (!ok) failed++;
          out.push(`${ok ? ' ✓' : ' ✗'} ${this.file()} > ${this.sentence(3, 8)} (${r.range(1, 900)} ms)`);
          if (!ok) out.push(`   ${r.pick(ERRORS)}`);
        }
        out.push('', ` Tests  ${failed ? `${failed} failed | ` : ''}${lines - failed} passed (${lines})`);
        exitCode = failed ? 1 : 0;
        break;
      }
      case 4: {
        cmd = `git diff ${f}`;
        out.push(`diff --git a/${f} b/${f}`, `index ${r.hex(7)}..${r.hex(7)} 100644`, `--- a/${f}`, `+++ b/${f}`);
        for (let i = 0; i < lines; i++) {
          if (i % 12 === 0) out.push(`@@ -${r.range(1, 500)},${r.range(3, 20)} +${r.range(1, 500)},${r.range(3, 20)} @@`);
          out.push(`${r.pick([' ', ' ', ' ', '+', '-'])}${this.codeLine(r.int(3))}`);
        }
        break;
      }
      case 5: {
        cmd = 'git status --short && git log --oneline -n 20';
        for (let i = 0; i < Math.min(lines, 8); i++) out.push(`${r.pick([' M', '??', 'A ', ' D'])} ${this.file()}`);
        for (let i = 8; i < lines; i++) out.push(`${r.hex(7)} ${this.sentence(4, 10)}`);
        break;
      }
      default: {
        cmd = `cat ${f}`;
        for (let i = 0; i < lines; i++) out.push(r.chance(0.15) ? `// ${this.sentence()}` : this.codeLine(r.int(4)));
      }
    }
    return { cmd, output: out.join('\n') + '\n', exitCode };
  }

  /** Plain filler lines (for sizing the last tool output of a session to hit its byte target). */
  fillerLines(chars: number): string {
    const out: string[] = [];
    let n = 0;
    while (n < chars) {
      const l = this.codeLine(this.rng.int(3));
      out.push(l);
      n += l.length + 1;
    }
    return out.join('\n').slice(0, Math.max(0, chars - 1)) + '\n';
  }
}

/** A fixed ~21 KB "base instructions" text, the size upstream embeds in every session_meta. Our own words. */
export function baseInstructionsText(vocab: Vocabulary): string {
  const gen = new TextGen(new Rng(0xba5e), vocab);
  const sections = ['General', 'Working with the workspace', 'Editing files', 'Running commands', 'Testing', 'Answer format', 'Reviews', 'Safety'];
  const out: string[] = ['You are a coding agent working in a terminal next to the user. Keep them informed and finish what you start.'];
  let i = 0;
  while (out.join('\n\n').length < 21_000) {
    out.push(`# ${sections[i % sections.length]}`);
    out.push(gen.paragraph(3, 6));
    const bullets: string[] = [];
    for (let k = 0; k < 5; k++) bullets.push(`- ${gen.sentence(6, 16)}`);
    out.push(bullets.join('\n'));
    i++;
  }
  return out.join('\n\n').slice(0, 21_000);
}
