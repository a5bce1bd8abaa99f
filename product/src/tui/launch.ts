// What `csm`, `csm resume` and `csm fork` do before the chat opens: pick the session (by id, name
// or prefix; --last; or the picker when none is given), then run the TUI on it.
import path from 'node:path';
import { resolveCodexHome } from '../core/config/codex-home.ts';
import { findLastSession, type SessionTarget } from '../runtime/session.ts';
import type { TuiArgs } from './app.ts';
import { previewBeforeChat } from './resume-preview.ts';

// The chat (./app.ts and everything it opens) is loaded only once it is needed, so a resume's
// preview is on the screen first.
const runTui: typeof import('./app.ts').runTui = async (...a) => (await import('./app.ts')).runTui(...a);

export type LaunchTarget = { kind: 'new' } | { kind: 'resume' | 'fork'; id?: string; last: boolean; all: boolean };

async function pick(codexHome: string, cwd: string, all: boolean, action: 'resume' | 'fork'): Promise<{ kind: 'picked'; id: string } | { kind: 'new' } | { kind: 'quit'; code: number }> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write('Error: stdin is not a terminal\n');
    return { kind: 'quit', code: 1 };
  }
  const { pickSession } = await import('./picker/picker.ts');
  const picked = await pickSession({ codexHome, cwd, all, action, input: process.stdin, output: process.stdout });
  return picked.kind === 'quit' ? { kind: 'quit', code: 0 } : picked;
}

/**
 * The TUI on an app-server's threads (--remote): the sessions are the server's, so a resume or fork
 * with no id takes the server's newest (--last) or one picked from the server's list.
 */
async function launchRemote(args: Omit<TuiArgs, 'target'>, target: LaunchTarget): Promise<number> {
  if (target.kind === 'new') return runTui({ ...args, target: { kind: 'new' } }, undefined, null);
  let id = target.id;
  if (!id) {
    const { chooseRemoteThread } = await import('../remote/remote-picker.ts');
    const chosen = await chooseRemoteThread(args.remote!, args.remoteAuthTokenEnv, resolveCodexHome(), { last: target.last, action: target.kind, input: process.stdin, output: process.stdout });
    if (typeof chosen === 'string') {
      process.stderr.write(`Error: ${chosen}\n`);
      return 1;
    }
    if (chosen.kind === 'quit') return 0;
    if (chosen.kind === 'new') return runTui({ ...args, target: { kind: 'new' } }, undefined, null);
    id = chosen.id;
  }
  return runTui({ ...args, target: { kind: target.kind, id } }, undefined, null);
}

/** A new session: its empty chat is drawn before the chat's modules load, as a resume's last turns are. */
async function runNew(args: Omit<TuiArgs, 'target'>): Promise<number> {
  const t: SessionTarget = { kind: 'new' };
  return runTui({ ...args, target: t }, undefined, await previewBeforeChat(args, t));
}

export async function launchTui(args: Omit<TuiArgs, 'target'>, target: LaunchTarget): Promise<number> {
  if (args.remote !== undefined) return launchRemote(args, target);
  if (target.kind === 'new') return runNew(args);
  const cwd = path.resolve(args.cd ?? process.cwd());
  const codexHome = resolveCodexHome();
  let id = target.id;
  if (!id && target.last) {
    id = (await findLastSession(codexHome, cwd, target.all))?.id;
    // As upstream: with no session to continue, --last starts a new one.
    if (!id) return runNew(args);
  }
  if (!id) {
    const picked = await pick(codexHome, cwd, target.all, target.kind);
    if (picked.kind === 'quit') return picked.code;
    if (picked.kind === 'new') return runNew(args);
    id = picked.id;
  }
  const chosen: string = id;
  const t: SessionTarget = target.kind === 'fork' ? { kind: 'fork', id: chosen } : { kind: 'resume', id: chosen };
  const preview = await previewBeforeChat(args, t);
  return runTui({ ...args, target: t }, undefined, preview);
}
