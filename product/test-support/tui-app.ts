// The TUI end to end without a PTY, for csm's own tests (`#test-support/tui-app`): a CODEX_HOME
// whose config points at a model server (the lab's mock, which the test starts), and runTui reading keys from a PassThrough and
// writing to a headless xterm, whose screen the test reads as a user would see it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { runTui, type TuiArgs } from '../src/tui/app.ts';
import { headlessScreen } from './screen.ts';
import { tempCodexHome } from './sessions.ts';

export interface TuiHome {
  home: string;
  /** the workspace, `<home>/ws` */
  cwd: string;
  configFile: string;
  /** removes the home and gives the environment back */
  close(): void;
}

/**
 * A fresh CODEX_HOME (set in process.env with the mock's key) whose config.toml uses the model at
 * `modelUrl`: `leading` goes before the model lines (comments), `sections` between them and the provider.
 */
export function openTuiHome(modelUrl: string, o: { leading?: string; sections?: string } = {}): TuiHome {
  const env = { ...process.env };
  const home = tempCodexHome();
  const cwd = path.join(home, 'ws');
  mkdirSync(cwd, { recursive: true });
  const configFile = path.join(home, 'config.toml');
  writeFileSync(
    configFile,
    `${o.leading ?? ''}model = "gpt-5.5"\nmodel_provider = "mock"\n${o.sections ? `\n${o.sections}\n` : ''}[model_providers.mock]\nname = "Mock"\nbase_url = "${modelUrl}"\nwire_api = "responses"\nenv_key = "MOCK_API_KEY"\n`,
  );
  process.env.CODEX_HOME = home;
  process.env.MOCK_API_KEY = 'test-key';
  return {
    home,
    cwd,
    configFile,
    close: () => {
      process.env = env;
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export interface TuiRun {
  send(keys: string): void;
  screen(): Promise<string>;
  waitFor(want: string | RegExp): Promise<string>;
  exit: Promise<number>;
  /** what the TUI wrote to stderr */
  err: string[];
  /** every byte drawn, in order, even what a later frame replaced */
  written(): string;
}

/** runTui on a headless terminal of `cols`×`rows` (a new session unless `args` says otherwise). */
export function startTui(args: Partial<TuiArgs>, cwd: string, size: { cols: number; rows: number }): TuiRun {
  const err: string[] = [];
  const written: string[] = [];
  // convertEol: what a PTY's line discipline does to \n once raw mode is off (the exit summary).
  const screen = headlessScreen({ cols: size.cols, rows: size.rows, convertEol: true, context: () => err.join('') });
  const output = screen.output as unknown as NodeJS.WriteStream;
  const write = output.write.bind(output);
  output.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    written.push(String(chunk));
    return write(chunk, ...rest);
  }) as typeof output.write;
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
  const exit = runTui({ config: [], enable: [], disable: [], addDir: [], cd: cwd, target: { kind: 'new' }, ...args }, { input: input as unknown as NodeJS.ReadStream, output, err: (t) => err.push(t) });
  return { send: (keys) => input.write(keys), screen: screen.text, waitFor: (want) => screen.waitFor(want), exit, err, written: () => written.join('') };
}
