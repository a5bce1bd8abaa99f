import { describe, expect, it } from 'vitest';
import { isKnownSafeCommand } from './safe-commands.ts';

describe('commands that only read', () => {
  it('are recognised, alone or chained', () => {
    for (const cmd of ['ls -la', 'cat README.md', 'git status', 'git log --oneline -5', 'rg -n "TODO" src', 'sed -n 1,40p src/a.ts', 'find . -name "*.ts"', 'pwd && ls', 'grep -r foo . | head -20', "wc -l 'a b.txt'"])
      expect(isKnownSafeCommand(cmd), cmd).toBe(true);
  });
  it('exclude anything that writes, deletes or runs other programs', () => {
    for (const cmd of ['rm -rf build', 'ls > out.txt', 'cat a | tee b', 'echo $(whoami)', 'find . -delete', 'find . -exec rm {} ;', 'rg --pre ./x foo', 'git push', 'git -C /etc status', 'sed -i s/a/b/ f', 'sort -o out in', 'npm test', 'ls; rm x', '`id`', 'git diff --output=x'])
      expect(isKnownSafeCommand(cmd), cmd).toBe(false);
  });
});
