// `csm login --with-api-key`, `csm login status`, `csm logout`: the API key codex and csm share in
// $CODEX_HOME/auth.json. Messages go to stderr, as codex prints them; the key is only ever shown masked.
import { resolveCodexHome } from '../core/config/index.ts';
import { AuthFileError, maskKey, readAuth, removeAuth, storedApiKey, writeApiKey } from '../core/auth/auth-file.ts';
import { readAll } from '../exec/prompt.ts';

const say = (line: string) => process.stderr.write(`${line}\n`);
const CHECKED_LATER = 'Authentication is checked when you send a request.';

export interface LoginOptions {
  withApiKey?: boolean;
  withAccessToken?: boolean;
  deviceAuth?: boolean;
  /** The old `--api-key KEY`: refused, the key would sit in the shell's history. */
  apiKey?: string;
}

export async function loginCommand(o: LoginOptions, stdin: NodeJS.ReadStream = process.stdin, codexHome = resolveCodexHome()): Promise<number> {
  if (o.apiKey !== undefined) {
    say('The --api-key flag is no longer supported. Pipe the key instead, e.g. `printenv OPENAI_API_KEY | csm login --with-api-key`.');
    return 1;
  }
  if (o.withAccessToken || o.deviceAuth || !o.withApiKey) {
    const what = o.withAccessToken ? '--with-access-token' : o.deviceAuth ? '--device-auth' : 'signing in with ChatGPT';
    say(`csm does not support ${what}: store an API key with \`printenv OPENAI_API_KEY | csm login --with-api-key\`.`);
    return 2;
  }
  if (stdin.isTTY) {
    say('--with-api-key expects the API key on stdin. Try piping it, e.g. `printenv OPENAI_API_KEY | csm login --with-api-key`.');
    return 1;
  }
  say('Reading API key from stdin...');
  const key = (await readAll(stdin)).trim();
  if (!key) {
    say('No API key provided via stdin.');
    return 1;
  }
  writeApiKey(codexHome, key);
  say(`API key saved. ${CHECKED_LATER}`);
  return 0;
}

export function statusCommand(codexHome = resolveCodexHome()): number {
  let auth;
  try {
    auth = readAuth(codexHome);
  } catch (e) {
    if (!(e instanceof AuthFileError)) throw e;
    say(`Error checking login status: ${e.message}`);
    return 1;
  }
  const key = storedApiKey(auth);
  if (key) {
    say(`API key configured - ${maskKey(key)}`);
    say(CHECKED_LATER);
    return 0;
  }
  if (auth?.tokens) {
    say('Logged in using ChatGPT');
    return 0;
  }
  say('Not logged in');
  return 1;
}

export function logoutCommand(codexHome = resolveCodexHome()): number {
  say(removeAuth(codexHome) ? 'Successfully logged out' : 'Not logged in');
  return 0;
}
