// The session manager as one object for the CLI and the TUI:
//   const store = SessionStore.open(codexHome);
//   await store.refresh({ onProgress });    // incremental: a stat per file when nothing changed
//   store.list({ cwd, sort: 'updated' });   // a page, from the index only
//   store.search('word');                    // FTS, best session first
//   await store.resolve('name or id prefix');
//   store.close();
// list() and search() never touch the rollout files, so they are safe on the UI path while a
// refresh runs (the index is usable at every batch commit). Concurrent refresh() calls share one run.
import { openIndexDb, removeSessionRow, type Db, type OpenIndexOptions, type OpenStatus } from './db.ts';
import { indexFile, refreshIndex, type FileOutcome, type RefreshOptions, type RefreshResult } from './indexer.ts';
import { listSessions, type ListOptions, type ListResult } from './query.ts';
import { resolveSession, shortestUniqueId, type ResolveOptions } from './resolve.ts';
import { getSession, listForks, type SessionInfo } from './rows.ts';
import { searchSessions, type SearchHit, type SearchOptions } from './search.ts';
import type { TailOptions, Transcript, TranscriptPage } from './transcript.ts';

// Transcripts parse rollout files; that code loads only when one is read.
const transcripts = () => import('./transcript.ts');

export interface StoreOptions extends OpenIndexOptions {
  /** index tool output for search too (default false) */
  toolOutput?: boolean;
}

export class SessionStore {
  private running: Promise<RefreshResult> | null = null;

  private constructor(
    readonly codexHome: string,
    readonly db: Db,
    /** how the index file was opened: 'ok', 'created', 'rebuilt-corrupt', 'rebuilt-version', 'memory' */
    readonly openStatus: OpenStatus,
    /** where a damaged index was moved, if it was */
    readonly movedAside: string | undefined,
    private readonly options: StoreOptions,
  ) {}

  static open(codexHome: string, opts: StoreOptions = {}): SessionStore {
    const opened = openIndexDb(codexHome, opts);
    return new SessionStore(codexHome, opened.db, opened.status, opened.movedAside, opts);
  }

  /** Brings the index up to date. A call while one runs joins it (its progress callback is not added). */
  refresh(opts: Omit<RefreshOptions, 'toolOutput'> = {}): Promise<RefreshResult> {
    if (!this.running) {
      this.running = refreshIndex(this.db, this.codexHome, { ...opts, toolOutput: this.options.toolOutput }).finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  /** Indexes one file now (after csm wrote, moved or forked a session). */
  indexFile(file: string): Promise<FileOutcome | null> {
    return indexFile(this.db, this.codexHome, file, { toolOutput: this.options.toolOutput });
  }

  /** Drops a session from the index (after its files were deleted). */
  forget(id: string): boolean {
    return removeSessionRow(this.db, id);
  }

  list(opts: ListOptions = {}): ListResult {
    return listSessions(this.db, opts);
  }

  search(query: string, opts: SearchOptions = {}): SearchHit[] {
    return searchSessions(this.db, query, opts);
  }

  /** By id, name or unique id prefix; throws SessionResolveError. */
  /** The id as people see it: its shortest unique prefix (at least 8 characters). */
  shortId(id: string): string {
    return shortestUniqueId(this.db, id);
  }

  resolve(ref: string, opts: ResolveOptions = {}): Promise<SessionInfo> {
    return resolveSession(this.db, this.codexHome, ref, opts);
  }

  get(id: string): SessionInfo | null {
    return getSession(this.db, id);
  }

  forks(id: string): SessionInfo[] {
    return listForks(this.db, id);
  }

  /** The last `turns` turns of a session (a fork continues into its parent). */
  async tail(session: SessionInfo, turns: number, opts: Omit<TailOptions, 'codexHome'> = {}): Promise<TranscriptPage> {
    return (await transcripts()).readTranscriptTail(session.path, turns, { ...opts, codexHome: this.codexHome });
  }

  async transcript(session: SessionInfo): Promise<Transcript> {
    return (await transcripts()).readTranscript(session.path, { codexHome: this.codexHome });
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
