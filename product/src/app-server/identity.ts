// How the app-server names itself and the machine to a client, in upstream's shapes: the
// initialize userAgent and the installation id (one uuid per CODEX_HOME, in the file upstream
// keeps it in, so both tools report the same installation).
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** `NAME VERSION` of the OS as upstream prints it: the os-release name's first word, the version as x.y.z. */
export function osDescription(osRelease = readOsRelease()): string {
  const name = osRelease.NAME?.split(/\s+/)[0] || os.type();
  const parts = (osRelease.VERSION_ID ?? '').split('.').filter((p) => /^\d+$/.test(p)).map(Number);
  const version = parts.length ? [...parts, 0, 0].slice(0, 3).join('.') : os.release();
  return `${name} ${version}`;
}

function readOsRelease(): Record<string, string> {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    return Object.fromEntries([...text.matchAll(/^(\w+)=("?)(.*)\2$/gm)].map((m) => [m[1], m[3]]));
  } catch {
    return {};
  }
}

/** The terminal a user agent names: TERM_PROGRAM (with its version) or TERM, else upstream's fallback. */
export function terminalName(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TERM_PROGRAM) return env.TERM_PROGRAM_VERSION ? `${env.TERM_PROGRAM}/${env.TERM_PROGRAM_VERSION}` : env.TERM_PROGRAM;
  return env.TERM || 'xterm';
}

/** `client/PROTOCOL (OS VERSION; ARCH) TERMINAL (client; client version)`, upstream's layout. */
export function userAgent(client: string, clientVersion: string, protocolVersion: string): string {
  return `${client}/${protocolVersion} (${osDescription()}; ${os.machine()}) ${terminalName()} (${client}; ${clientVersion})`;
}

/** This CODEX_HOME's installation id, created on first use. */
export function installationId(codexHome: string): string {
  const file = path.join(codexHome, 'installation_id');
  if (existsSync(file)) {
    const id = readFileSync(file, 'utf8').trim();
    if (id) return id;
  }
  const id = randomUUID();
  try {
    writeFileSync(file, id, { mode: 0o644 });
  } catch {
    // a read-only home still gets an id for this run
  }
  return id;
}
