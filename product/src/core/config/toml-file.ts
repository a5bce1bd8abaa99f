// Reading a TOML config file. A missing file is not an error (it reads as undefined); a syntax
// error names the file, line and column and shows the offending lines.
import { readFileSync } from 'node:fs';
import { parse, TomlError } from 'smol-toml';
import { ConfigError } from './config-error.ts';
import type { Table } from './merge.ts';

export function readTomlFile(file: string): Table | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`${file}: cannot read: ${(err as Error).message}`, { source: file });
  }
  return parseToml(text, file);
}

export function parseToml(text: string, file: string): Table {
  try {
    return parse(text, { unsafeKeyBehaviour: 'drop' });
  } catch (err) {
    if (!(err instanceof TomlError)) throw err;
    const [headline = 'invalid TOML'] = err.message.split('\n');
    const snippet = err.codeblock ? `\n${err.codeblock.replace(/\n+$/, '')}` : '';
    throw new ConfigError(`${file}:${err.line}:${err.column}: ${headline}${snippet}`, { source: file, line: err.line });
  }
}
