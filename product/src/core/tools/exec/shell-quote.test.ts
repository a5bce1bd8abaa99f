import { describe, expect, it } from 'vitest';

import { joinWords, quoteWord } from './shell-quote.ts';

describe('quoteWord', () => {
  it.each([
    ['', "''"],
    ['ls', 'ls'],
    ['/bin/bash', '/bin/bash'],
    ['-lc', '-lc'],
    ['a+b:c@d_e.f', 'a+b:c@d_e.f'],
    ['echo hi', "'echo hi'"],
    ['KEY=1', "'KEY=1'"],
    ['a,b', "'a,b'"],
    ['50%', "'50%'"],
    ['echo $HOME', "'echo $HOME'"],
    // Upstream showed exactly this for a command holding single quotes (lab, 0.169.0).
    ["stat -c '%F %n' .git", `"stat -c '%F %n' .git"`],
    ['say "hi"', `'say "hi"'`],
    [`it's "x"`, `"it's \\"x\\""`],
    ["echo '$HOME'", `"echo '"'$HOME'"'"`],
    ['back\\slash', '"back\\\\slash"'],
    ['^caret', "'^caret'"],
    ['a^b', "a'^b'"],
    ['héllo', "'héllo'"],
  ])('%s → %s', (word, quoted) => {
    expect(quoteWord(word)).toBe(quoted);
  });
});

describe('joinWords', () => {
  it('quotes each word and joins them with spaces', () => {
    expect(joinWords(['/bin/bash', '-lc', 'echo hello-from-tool'])).toBe("/bin/bash -lc 'echo hello-from-tool'");
  });
});
