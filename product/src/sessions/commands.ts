// `csm sessions …` implementations: the session manager over every rollout under $CODEX_HOME
// (upstream's and csm's). Every command takes an id, a unique id prefix or a name. The command-line
// definitions live in ./cli.ts, which loads this module only when a sessions command runs.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { resolveCodexHome } from '../core/config/codex-home.ts';
import { assertRollout } from '../core/rollout/head.ts';
import { SessionResolveError } from '../core/sessions/resolve.ts';
import type { SessionInfo } from '../core/sessions/rows.ts';
import { SessionStore } from '../core/sessions/store.ts';
import type { ExportFormat, Labels } from '../core/sessions/ops/index.ts';
import { labelsPath } from '../core/sessions/ops/labels-path.ts';
import { hitLines, sessionLine } from './render.ts';

class UsageError extends Error {}

// The operations load on demand, so list and search start without them.
const ops = () => import('../core/sessions/ops/index.ts');

/** Pins and tags; the labels module (and its schema) loads only when the side file exists. */
async function labelsOf(home: string): Promise<Map<string, Labels>> {
  return existsSync(labelsPath(home)) ? (await ops()).readLabels(home) : new Map();
}

async function withStore<T>(fn: (store: SessionStore, codexHome: string) => Promise<T>): Promise<T> {
  const codexHome = resolveCodexHome();
  const store = SessionStore.open(codexHome);
  try {
    await store.refresh({ onProgress: progress() });
    return await fn(store, codexHome);
  } finally {
    store.close();
  }
}

/** A progress line on stderr while a big index is built (only on a terminal, only when slow). */
function progress() {
  const started = Date.now();
  let shown = false;
  return (done: number, total: number) => {
    if (!process.stderr.isTTY || Date.now() - started < 300) return;
    shown = true;
    process.stderr.write(`\rindexing sessions ${done}/${total}${done === total && shown ? '\n' : ''}`);
  };
}

async function resolve(store: SessionStore, ref: string): Promise<SessionInfo> {
  try {
    return await store.resolve(ref);
  } catch (e) {
    if (e instanceof SessionResolveError) {
      const list = e.candidates.map((c) => `  ${c.id}  ${c.name ?? c.firstUserMessage ?? ''}`.slice(0, 100)).join('\n');
      throw new UsageError(e.kind === 'ambiguous' ? `"${ref}" matches several sessions:\n${list}` : `no session matches "${ref}"`);
    }
    throw e;
  }
}

/** A session whose conversation is read (show, export, fork): its file must be a rollout (an empty or garbage file is refused). */
async function resolveReadable(store: SessionStore, ref: string): Promise<SessionInfo> {
  const s = await resolve(store, ref);
  assertRollout(s.path);
  return s;
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await rl.question(`${question} [y/N] `);
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

const print = (s: string): void => void process.stdout.write(s.endsWith("\n") ? s : s + "\n");
const json = (v: unknown) => print(JSON.stringify(v, null, 2));

function parseSize(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)b?$/i.exec(v.trim());
  if (!m) throw new UsageError(`not a size: ${v} (try 10M, 500K, 1G)`);
  return Math.round(+m[1] * { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g']);
}

async function run(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof UsageError || (e as Error).name === 'ForkError' || (e as Error).name === 'SessionPathError' || (e as Error).name === 'PruneCriteriaError' || (e as Error).name === 'DestinationExistsError' || (e as Error).name === 'RolloutLockedError' || (e as Error).name === 'NotARolloutError') {
      process.stderr.write(`Error: ${(e as Error).message}\n`);
      process.exitCode = 1;
      return;
    }
    throw e;
  }
}

export async function archiveCommand(ref: string) {
  await run(() =>
    withStore(async (store, home) => {
      const { archivedMessage, archiveSession } = await ops();
      const s = await resolve(store, ref);
      if (s.archived) throw new UsageError(`session ${s.id} is already archived`);
      archiveSession(home, s.path);
      await store.refresh();
      print(archivedMessage(s.id));
    }),
  );
}

export async function unarchiveCommand(ref: string) {
  await run(() =>
    withStore(async (store, home) => {
      const { unarchivedMessage, unarchiveSession } = await ops();
      const s = await resolve(store, ref);
      if (!s.archived) throw new UsageError(`session ${s.id} is not archived`);
      unarchiveSession(home, s.path);
      await store.refresh();
      print(unarchivedMessage(s.id));
    }),
  );
}

export async function deleteCommand(ref: string, force: boolean) {
  await run(() =>
    withStore(async (store, home) => {
      const { applyDelete, deletedMessage, planDelete } = await ops();
      const s = await resolve(store, ref);
      const plan = planDelete(home, s.path, s.id);
      const forks = store.forks(s.id);
      if (forks.length) process.stderr.write(`warning: ${forks.length} fork(s) read their history from this session and will lose it\n`);
      if (!force) {
        if (!process.stdin.isTTY) throw new UsageError('cannot confirm session deletion without an interactive terminal; rerun with --force');
        if (!(await confirm(`Delete session ${s.id} (${plan.files.length} file(s), ${plan.bytes} bytes)?`))) return print('Cancelled.');
      }
      applyDelete(plan);
      store.forget(s.id);
      print(deletedMessage(s.id));
    }),
  );
}

export interface ListArgs {
  all: boolean;
  cwd?: string;
  archived: boolean;
  source?: string[];
  provider?: string;
  since?: string;
  sort: 'updated' | 'created';
  limit: number;
  cursor?: string;
  pinned: boolean;
  json: boolean;
}

export const listCommand = (a: ListArgs) =>
  run(() =>
    withStore(async (store, home) => {
      const since = a.since ? new Date(a.since) : undefined;
      if (since && Number.isNaN(since.getTime())) throw new UsageError(`not a date: ${a.since}`);
      const page = store.list({ all: a.all, cwd: a.all ? undefined : path.resolve(a.cwd ?? process.cwd()), archived: a.archived, source: a.source, provider: a.provider, since, sort: a.sort, limit: a.limit, cursor: a.cursor });
      const labels = await labelsOf(home);
      const items = a.pinned ? page.items.filter((s) => labels.get(s.id)?.pinned) : page.items;
      if (a.json) return json({ items: items.map((s) => ({ ...s, ...(labels.get(s.id) ?? {}) })), nextCursor: page.nextCursor });
      if (!items.length) return print(a.all ? 'No sessions.' : 'No sessions in this directory (try --all).');
      const ids = new Map(items.map((s) => [s.id, store.shortId(s.id)]));
      const idWidth = Math.max(...[...ids.values()].map((i) => i.length));
      for (const s of items) print(sessionLine(s, { cwd: a.all, ...labels.get(s.id), shortId: ids.get(s.id)!, idWidth }));
      if (page.nextCursor) print(`more: csm sessions list --cursor ${page.nextCursor}${a.all ? ' --all' : ''}`);
    }),
  );

export const searchCommand = (query: string, a: { limit: number; cwd: boolean; archived: boolean; json: boolean }) =>
  run(() =>
    withStore(async (store) => {
      const hits = store.search(query, { limit: a.limit, cwd: a.cwd ? process.cwd() : undefined, archived: a.archived ? 'any' : false });
      if (a.json) return json(hits);
      if (!hits.length) return print(`No matches for "${query}".`);
      for (const h of hits) print(hitLines(h, store.shortId(h.session.id)));
    }),
  );

export const showCommand = (ref: string, a: { tail?: number; json: boolean }) =>
  run(() =>
    withStore(async (store, home) => {
      const { exportSession } = await ops();
      const s = await resolveReadable(store, ref);
      if (a.tail !== undefined) {
        const page = await store.tail(s, a.tail);
        if (a.json) return json({ session: s, ...page });
        for (const t of page.turns) {
          if (t.user !== null) print(`› ${t.user}\n`);
          for (const it of t.items) print(it.kind === 'agent' ? `• ${it.text}\n` : `  [${it.kind}] ${it.text}${it.output ? `\n    └ ${it.output.split('\n').slice(0, 5).join('\n      ')}` : ''}\n`);
        }
        return;
      }
      if (a.json) return json({ session: s, transcript: await store.transcript(s) });
      print(await exportSession(s.path, 'md', home));
    }),
  );

export const replayCommand = (ref: string, a: { atTurn?: { from: number; to: number }; size: { cols: number; rows: number }; ansi: boolean; out?: string }) =>
  run(() =>
    withStore(async (store, home) => {
      const { replaySession, frameAnsi, frameText } = await import('./replay.ts');
      const s = await resolveReadable(store, ref);
      if (a.atTurn && a.atTurn.to > s.userTurns) throw new UsageError(`session ${s.id} has ${s.userTurns} turn${s.userTurns === 1 ? '' : 's'}`);
      const { frames } = await replaySession(s, { ...a.size, from: a.atTurn?.from, to: a.atTurn?.to, codexHome: home, home: homedir() });
      const render = a.ansi ? frameAnsi : frameText;
      if (a.out) {
        mkdirSync(a.out, { recursive: true });
        for (const f of frames) writeFileSync(path.join(a.out, `turn-${String(f.turn).padStart(4, '0')}.${a.ansi ? 'ansi' : 'txt'}`), render(f.canvas));
        return;
      }
      process.stdout.write(frames.map((f) => (frames.length > 1 ? `--- turn ${f.turn} ---\n` : '') + render(f.canvas)).join(''));
    }),
  );

export const renameCommand = (ref: string, name: string) =>
  run(() =>
    withStore(async (store, home) => {
      const { setName } = await ops();
      const s = await resolve(store, ref);
      setName(home, s.id, name);
      await store.refresh();
      print(`Renamed session ${s.id} to "${name}".`);
    }),
  );

export const tagCommand = (ref: string, tags: string[]) =>
  run(() =>
    withStore(async (store, home) => {
      const { updateLabels } = await ops();
      const s = await resolve(store, ref);
      const add = tags.filter((t) => !t.startsWith('-'));
      const drop = new Set(tags.filter((t) => t.startsWith('-')).map((t) => t.slice(1)));
      const l = updateLabels(home, s.id, (c) => ({ ...c, tags: [...c.tags, ...add].filter((t) => !drop.has(t)) }));
      print(`Tags of ${s.id}: ${l.tags.join(', ') || '(none)'}`);
    }),
  );

export const pinCommand = (ref: string, pinned: boolean) =>
  run(() =>
    withStore(async (store, home) => {
      const { updateLabels } = await ops();
      const s = await resolve(store, ref);
      updateLabels(home, s.id, (c) => ({ ...c, pinned }));
      print(`${pinned ? 'Pinned' : 'Unpinned'} session ${s.id}.`);
    }),
  );

export const exportCommand = (ref: string, a: { format: ExportFormat; output?: string }) =>
  run(() =>
    withStore(async (store, home) => {
      const { exportSession } = await ops();
      const s = await resolveReadable(store, ref);
      const text = await exportSession(s.path, a.format, home);
      if (a.output) {
        writeFileSync(a.output, text);
        print(`Exported ${s.id} to ${a.output}.`);
      } else process.stdout.write(text);
    }),
  );

async function allSessions(store: SessionStore): Promise<SessionInfo[]> {
  const all: SessionInfo[] = [];
  for (const archived of [false, true]) {
    let cursor: string | undefined;
    do {
      const page = store.list({ all: true, archived, limit: 1000, cursor });
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return all;
}

export const pruneCommand = (a: { olderThan?: number; largerThan?: string; archivedOnly: boolean; apply: boolean; json: boolean }) =>
  run(() =>
    withStore(async (store, home) => {
      const { applyPrune, formatPrunePlan, planPrune } = await ops();
      const all = await allSessions(store);
      const labels = await labelsOf(home);
      const keep = new Set([...labels].filter(([, l]) => l.pinned).map(([id]) => id));
      const bases = new Set(all.map((s) => s.forkedFromId).filter((x): x is string => Boolean(x)));
      const plan = planPrune(home, all.map((s) => ({ id: s.id, file: s.path, size: s.size, updatedAt: s.updatedAt, archived: s.archived })), {
        olderThanDays: a.olderThan,
        largerThanBytes: a.largerThan ? parseSize(a.largerThan) : undefined,
        archivedOnly: a.archivedOnly,
        keep,
        bases,
      });
      if (a.json && !a.apply) return json(plan);
      print(formatPrunePlan(plan));
      if (!a.apply) return print('Dry run: nothing was deleted. Rerun with --apply to delete.');
      const result = applyPrune(plan);
      await store.refresh();
      print(`Deleted ${result.deleted.length} session(s), freed ${result.bytes} bytes.${result.failed.length ? ` ${result.failed.length} failed.` : ''}`);
    }),
  );

export const statsCommand = (a: { json: boolean }) =>
  run(() =>
    withStore(async (store) => {
      const { computeStats, formatStats } = await ops();
      const rows = await allSessions(store);
      const stats = computeStats(rows.map((s) => ({ id: s.id, cwd: s.cwd, model: s.model, createdAt: s.createdAt, size: s.size, totalTokens: s.totalTokens })));
      if (a.json) return json(stats);
      print(formatStats(stats));
    }),
  );

export const forkCommand = (ref: string, a: { atTurn?: number }) =>
  run(() =>
    withStore(async (store, home) => {
      const { forkSession } = await ops();
      const s = await resolveReadable(store, ref);
      const fork = await forkSession(home, s.path, { atTurn: a.atTurn });
      await store.refresh();
      print(`Forked session ${s.id} into ${fork.id}.\nContinue it with: csm exec resume ${fork.id} "…"`);
    }),
  );

export async function indexCommand(a: { json: boolean }) {
  const codexHome = resolveCodexHome();
  const store = SessionStore.open(codexHome);
  try {
    const r = await store.refresh({ onProgress: progress() });
    if (a.json) json({ status: store.openStatus, ...r });
    else print(`index ${store.openStatus}: ${r.scanned} files, ${r.added} added, ${r.updated} updated, ${r.removed} removed, ${r.bytesRead} bytes read, ${r.malformed} malformed lines`);
  } finally {
    store.close();
  }
}
