// Regenerates product/protocol/app-server/ from the pinned upstream binary (npm run protocol:generate):
// with --experimental (upstream's own TUI asks for the experimental API: collaborationMode/list,
// thread/readState/update, …): its JSON Schema bundle (one file holding every message type) and its TypeScript types. After an
// upstream bump, `git diff product/protocol/app-server` is what changed in the protocol.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, cpSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const codex = path.join(root, 'node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex');
const out = path.join(root, 'product/protocol/app-server');
const version = JSON.parse(readFileSync(path.join(root, 'node_modules/@openai/codex/package.json'), 'utf8')).version;

const scratch = mkdtempSync(path.join(tmpdir(), 'csm-protocol-'));
try {
  execFileSync(codex, ['app-server', 'generate-json-schema', '--experimental', '--out', path.join(scratch, 'schema')], { stdio: 'inherit' });
  execFileSync(codex, ['app-server', 'generate-ts', '--experimental', '--out', path.join(scratch, 'ts')], { stdio: 'inherit' });
  rmSync(path.join(out, 'schema'), { recursive: true, force: true });
  rmSync(path.join(out, 'ts'), { recursive: true, force: true });
  mkdirSync(path.join(out, 'schema'), { recursive: true });
  // The bundle holds every definition (v2 under definitions.v2); the per-type files repeat it.
  cpSync(path.join(scratch, 'schema/codex_app_server_protocol.schemas.json'), path.join(out, 'schema/codex_app_server_protocol.schemas.json'));
  cpSync(path.join(scratch, 'ts'), path.join(out, 'ts'), { recursive: true });
  // The generated imports have no file extensions: the folder is CommonJS to TypeScript, which lets
  // csm's ESM code `import type` from it under NodeNext resolution.
  writeFileSync(path.join(out, 'ts/package.json'), '{ "type": "commonjs" }\n');
  writeFileSync(path.join(out, 'VERSION'), `${version}\n`);
  // The same, importable: csm's app-server says which codex protocol it speaks.
  writeFileSync(path.join(out, 'version.json'), `${JSON.stringify({ codex: version })}\n`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
// The request validators the app-server runs, compiled from the new schema.
execFileSync(process.execPath, [path.join(root, 'product/protocol/generate-validators.mjs')], { stdio: 'inherit' });
console.log(`product/protocol/app-server: regenerated from codex ${version}`);
