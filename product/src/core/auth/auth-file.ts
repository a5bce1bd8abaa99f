// $CODEX_HOME/auth.json, shared with codex: `{"auth_mode":"apikey","OPENAI_API_KEY":"…"}` for an
// API key (ChatGPT sign-ins hold tokens instead, which csm reads but never writes). Written with
// mode 0600 through a temporary file; the key itself is never printed or logged, only masked.
import { chmodSync, readFileSync, renameSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';

export const authFileSchema = z
  .object({
    auth_mode: z.string().optional(),
    OPENAI_API_KEY: z.string().nullable().optional(),
    tokens: z.unknown().optional(),
  })
  .passthrough();
export type AuthFile = z.infer<typeof authFileSchema>;

export const authPath = (codexHome: string) => path.join(codexHome, 'auth.json');

export class AuthFileError extends Error {}

/** The stored credentials, or null when there are none. Throws AuthFileError for a file that is not valid. */
export function readAuth(codexHome: string): AuthFile | null {
  const file = authPath(codexHome);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AuthFileError(`${file}: cannot read: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AuthFileError(`${file}: not valid JSON`);
  }
  const parsed = authFileSchema.safeParse(json);
  if (!parsed.success) throw new AuthFileError(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Stores an API key (replacing whatever was stored), readable only by the owner. */
export function writeApiKey(codexHome: string, apiKey: string): void {
  mkdirSync(codexHome, { recursive: true });
  const file = authPath(codexHome);
  const tmp = `${file}.csm-${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ auth_mode: 'apikey', OPENAI_API_KEY: apiKey }, null, 2), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/** Removes the stored credentials; false when there were none. */
export function removeAuth(codexHome: string): boolean {
  const file = authPath(codexHome);
  try {
    rmSync(file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** A key as people may see it: its first 8 and last 5 characters (`sk-test-***56789`), or only *** when short. */
export function maskKey(key: string): string {
  return key.length <= 13 ? '***' : `${key.slice(0, 8)}***${key.slice(-5)}`;
}

/** The stored API key, if the file holds one. */
export function storedApiKey(auth: AuthFile | null): string | undefined {
  return auth?.OPENAI_API_KEY ?? undefined;
}
