// The session manager's core: an incremental SQLite index of every rollout under $CODEX_HOME
// (upstream's and csm's), full-text search, id/name/prefix resolution, and tail-first transcripts.
export * from './db.ts';
export * from './extract.ts';
export * from './names.ts';
export * from './indexer.ts';
export * from './rows.ts';
export * from './query.ts';
export * from './transcript.ts';
export * from './store.ts';
