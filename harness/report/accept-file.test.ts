import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acceptStaged, readManifest, stageScenario, stagingPaths } from '../golden/staging.ts';
import { goldenFiles } from '../golden/store.ts';
import { readAcceptFile, scenariosToAccept } from './accept-file.ts';
import { writeFixtureGoldens } from './test-fixtures.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'lab-accept-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function stage(): string {
  const dir = mkdtempSync(path.join(work, 'bump-'));
  writeFixtureGoldens(stagingPaths(dir).goldens);
  for (const s of ['exec-plain', 'tui-ok']) stageScenario(dir, '0.172.0', s);
  return dir;
}

function acceptFile(dir: string, names: string[], upstream = '0.172.0'): string {
  const m = readManifest(dir);
  const file = path.join(dir, 'accept.json');
  writeFileSync(file, JSON.stringify({ kind: 'lab-accept', upstream, scenarios: Object.fromEntries(names.map((n) => [n, m.scenarios[n]])) }));
  return file;
}

describe('accept files', () => {
  it('accept exactly the ticked scenarios when the staged files are those reviewed', () => {
    const dir = stage();
    const names = scenariosToAccept(dir, readAcceptFile(acceptFile(dir, ['tui-ok'])));
    expect(names).toEqual(['tui-ok']);
    const into = { goldens: path.join(work, 'pinned'), captures: path.join(work, 'captures') };
    acceptStaged(dir, into, names);
    expect(goldenFiles(path.join(into.goldens, 'tui-ok'))).toEqual(goldenFiles(path.join(stagingPaths(dir).goldens, 'tui-ok')));
  });

  it('refuse a scenario re-recorded after the report, another upstream, or a file that is not one', () => {
    const dir = stage();
    const file = acceptFile(dir, ['exec-plain', 'tui-ok']);
    writeFileSync(path.join(stagingPaths(dir).goldens, 'tui-ok', 'inv0.stdout.txt'), 'other\n');
    stageScenario(dir, '0.172.0', 'tui-ok');
    expect(() => scenariosToAccept(dir, readAcceptFile(file))).toThrow(/tui-ok: re-recorded since the report was made \(goldens\/tui-ok\/inv0.stdout.txt\)/);
    expect(() => scenariosToAccept(dir, readAcceptFile(acceptFile(dir, ['exec-plain'], '0.173.0')))).toThrow(/for upstream 0.173.0/);
    writeFileSync(path.join(work, 'bad.json'), '{"kind":"other"}');
    expect(() => readAcceptFile(path.join(work, 'bad.json'))).toThrow(/not an accept file/);
  });
});
