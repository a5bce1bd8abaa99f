// The fixed environment every target runs in. Nothing from the caller leaks in but PATH, so CI=true
// (which turns colour off in node children) never reaches a target.
import type { RunHome } from './home.ts';

export const MOCK_API_KEY = 'sk-mock-lab-0000';
/** The locale every target runs with (part of a golden's environment manifest). */
export const LAB_LOCALE = 'C.UTF-8';

export function targetEnv(run: RunHome, opts: { tty: boolean }): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: run.home,
    CODEX_HOME: run.codexHome,
    USER: 'lab',
    SHELL: '/bin/bash',
    MOCK_API_KEY,
    TZ: 'UTC',
    LANG: LAB_LOCALE,
    LC_ALL: LAB_LOCALE,
    TERM: 'xterm-256color',
    COLORTERM: 'truecolor',
  };
  if (opts.tty) env.FORCE_COLOR = '3';
  return env;
}
