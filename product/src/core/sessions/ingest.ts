// Reading a rollout's bytes into the index: the per-file work of refreshIndex (./indexer.ts),
// loaded only when some file is new or changed, so a warm refresh never loads the rollout parser.
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { parseRolloutFileName } from '../rollout/paths.ts';
import { loadContinuedLines } from '../rollout/thread.ts';
import { skimRolloutEntries, type MalformedLine } from '../rollout/reader.ts';
import { deleteMessages, MESSAGE_ROWID_SPAN, stmt, type Db } from './db.ts';
import { applyHead, applyLine, emptyState, wantsLine, firstPrompt, previewOf, userTurns, type IndexedText, type SessionState } from './extract.ts';
import { abortIfNeeded, DEFAULT_BATCH_BYTES, LostRace, SEAM_BYTES, type Ctx, type FileOutcome, type FileStat, type Fingerprint, type Found } from './indexer.ts';

const FIRST_USER_MESSAGE_CHARS = 2000;

function readSeam(file: string, offset: number): { seam: string; bytes: number } {
  if (offset <= 0) return { seam: '', bytes: 0 };
  const start = Math.max(0, offset - SEAM_BYTES);
  const buf = Buffer.alloc(offset - start);
  const fd = openSync(file, 'r');
  try {
    const n = readSync(fd, buf, 0, buf.length, start);
    return { seam: buf.subarray(0, n).toString('base64'), bytes: n };
  } finally {
    closeSync(fd);
  }
}

/** Created time from the file name's local stamp (YYYY-MM-DDThh-mm-ss). */
function stampMs(file: string): number | null {
  const p = parseRolloutFileName(path.basename(file));
  const m = p && /^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})$/.exec(p.stamp);
  if (!m) return null;
  const ms = new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]).getTime();
  return Number.isFinite(ms) ? ms : null;
}

const STATE_COLUMNS = `st_meta_seen, st_meta_history_mode, st_ordinals, st_user_items, st_user_events,
  st_first_item_message, st_first_event_message, st_last_agent, st_last_line_ms, st_rollout_name, st_messages,
  st_malformed_complete, cwd, created_at, source, originator, provider, git_branch, git_sha, forked_from_id, model, total_tokens`;

interface StateRow {
  st_meta_seen: number;
  st_meta_history_mode: string | null;
  st_ordinals: number;
  st_user_items: number;
  st_user_events: number;
  st_first_item_message: string | null;
  st_first_event_message: string | null;
  st_last_agent: string | null;
  st_last_line_ms: number | null;
  st_rollout_name: string | null;
  st_messages: number;
  st_malformed_complete: number;
  cwd: string | null;
  created_at: number;
  source: string | null;
  originator: string | null;
  provider: string | null;
  git_branch: string | null;
  git_sha: string | null;
  forked_from_id: string | null;
  model: string | null;
  total_tokens: number | null;
}

function loadState(db: Db, sid: number): { state: SessionState; malformedComplete: number } {
  const r = stmt(db, `SELECT ${STATE_COLUMNS} FROM sessions WHERE sid = ?`).get(sid) as StateRow;
  const s = emptyState();
  s.metaSeen = r.st_meta_seen === 1;
  s.cwd = r.cwd;
  s.createdAt = s.metaSeen ? r.created_at : null;
  s.source = r.source;
  s.originator = r.originator;
  s.provider = r.provider;
  s.gitBranch = r.git_branch;
  s.gitSha = r.git_sha;
  s.forkedFromId = r.forked_from_id;
  s.historyMode = r.st_meta_history_mode;
  s.sawOrdinals = r.st_ordinals === 1;
  s.model = r.model;
  s.userItems = r.st_user_items;
  s.userEvents = r.st_user_events;
  s.firstUserMessage = r.st_first_item_message;
  s.firstEventMessage = r.st_first_event_message;
  s.lastAgent = r.st_last_agent;
  s.totalTokens = r.total_tokens;
  s.lastLineMs = r.st_last_line_ms;
  s.rolloutName = r.st_rollout_name;
  s.messages = r.st_messages;
  return { state: s, malformedComplete: r.st_malformed_complete };
}



/** The session row a file's writes go to, and what to do if another process took the file over. */
interface Target {
  /** the row's sid (a new session's row is inserted by its first write) */
  sid(): number;
  /** another process indexed the file meanwhile: this run's writes for it were rolled back */
  lost(): void;
}

/**
 * A write of one file's progress: queued in refreshIndex's batch, or at once (one transaction) for
 * a single indexFile, where a LostRace reaches the caller.
 */
function write(ctx: Ctx, bytes: number, fn: () => void, lost: () => void): void {
  if (ctx.queue) ctx.queue.push(fn, lost, bytes);
  else ctx.db.transaction(fn).immediate();
}

/**
 * Reads [start, st.size) of a file into the target session, whose row must still say
 * indexed_offset = start. Commits in batches.
 */
async function indexRange(
  ctx: Ctx,
  found: Found,
  st: FileStat,
  target: Target,
  start: number,
  state: SessionState,
  malformedComplete: number,
): Promise<void> {
  const { db, opts } = ctx;
  const batchBytes = opts.batchBytes ?? DEFAULT_BATCH_BYTES;
  const insert = stmt(db, 'INSERT INTO messages (rowid, session_id, turn, role, text) VALUES (?, ?, ?, ?, ?)');
  const check = stmt(db, 'SELECT indexed_offset FROM sessions WHERE sid = ?');
  const save = stmt(db, `UPDATE sessions SET
    path = @path, archived = @archived, cwd = @cwd, created_at = @created_at, updated_at = @updated_at,
    source = @source, originator = @originator, model = @model, provider = @provider,
    git_branch = @git_branch, git_sha = @git_sha,
    name = coalesce((SELECT name FROM names WHERE names.id = sessions.id), @rollout_name),
    first_user_message = @first_user_message, preview = @preview, user_turns = @user_turns,
    total_tokens = @total_tokens, size = @size, forked_from_id = @forked_from_id, history_mode = @history_mode,
    malformed_lines = @malformed_lines, file_size = @file_size, mtime_ms = @mtime_ms, inode = @inode,
    indexed_offset = @indexed_offset, st_seam = @st_seam, st_meta_seen = @st_meta_seen,
    st_meta_history_mode = @st_meta_history_mode, st_ordinals = @st_ordinals, st_user_items = @st_user_items,
    st_user_events = @st_user_events, st_first_item_message = @st_first_item_message,
    st_first_event_message = @st_first_event_message, st_last_agent = @st_last_agent,
    st_last_line_ms = @st_last_line_ms, st_rollout_name = @st_rollout_name,
    st_malformed_complete = @st_malformed_complete, st_tail_truncated = @st_tail_truncated, st_messages = @st_messages
    WHERE sid = @sid`);

  let committedOffset = start;
  let pendingTexts: IndexedText[] = [];
  let pendingStartRow = state.messages;
  const malformed: MalformedLine[] = [];
  let malformedTaken = 0;
  const fallbackCreated = stampMs(found.file) ?? st.mtimeMs;
  // A file that continues the thread's earlier ones (see loadContinuedLines): what they hold up to
  // its cut comes first, so title, turns and search text are the thread's, not this file's alone.
  if (start === 0 && ctx.codexHome) {
    for (const line of await loadContinuedLines(ctx.codexHome, found.file)) {
      const text = applyLine(state, line, { toolOutput: opts.toolOutput });
      if (text) {
        pendingTexts.push(text);
        state.messages++;
      }
    }
  }

  const commit = (offset: number, final: { tailTruncated: boolean } | null) => {
    // Malformed lines before `offset` belong to this commit; later ones to the next.
    let complete = malformedComplete;
    let taken = malformedTaken;
    while (taken < malformed.length && malformed[taken].offset < offset) {
      complete++;
      taken++;
    }
    const tail = final?.tailTruncated ? 1 : 0;
    const seam = readSeam(found.file, offset);
    ctx.result.bytesRead += seam.bytes;
    // Everything the write needs is taken now: the state moves on while the write waits in a batch.
    const first = firstPrompt(state);
    const params = {
      path: found.file,
      archived: found.archived ? 1 : 0,
      cwd: state.cwd,
      created_at: state.createdAt ?? fallbackCreated,
      updated_at: Math.max(st.mtimeMs, state.lastLineMs ?? 0),
      source: state.source,
      originator: state.originator,
      model: state.model,
      provider: state.provider,
      git_branch: state.gitBranch,
      git_sha: state.gitSha,
      rollout_name: state.rolloutName,
      first_user_message: first === null ? null : first.slice(0, FIRST_USER_MESSAGE_CHARS),
      preview: previewOf(state),
      user_turns: userTurns(state),
      total_tokens: state.totalTokens,
      size: st.size,
      forked_from_id: state.forkedFromId,
      history_mode: state.historyMode ?? (state.sawOrdinals ? 'paginated' : 'legacy'),
      malformed_lines: complete + tail,
      // Until the final commit the fingerprint stays "unknown", so an interrupted run resumes.
      file_size: final ? st.size : -1,
      mtime_ms: final ? st.mtimeMs : -1,
      inode: st.ino,
      indexed_offset: offset,
      st_seam: seam.seam,
      st_meta_seen: state.metaSeen ? 1 : 0,
      st_meta_history_mode: state.historyMode,
      st_ordinals: state.sawOrdinals ? 1 : 0,
      st_user_items: state.userItems,
      st_user_events: state.userEvents,
      st_first_item_message: state.firstUserMessage?.slice(0, FIRST_USER_MESSAGE_CHARS) ?? null,
      st_first_event_message: state.firstEventMessage?.slice(0, FIRST_USER_MESSAGE_CHARS) ?? null,
      st_last_agent: state.lastAgent,
      st_last_line_ms: state.lastLineMs,
      st_rollout_name: state.rolloutName,
      st_malformed_complete: complete,
      st_tail_truncated: tail,
      st_messages: state.messages,
    };
    const texts = pendingTexts;
    const startRow = pendingStartRow;
    const expectedOffset = committedOffset;
    write(ctx, offset - committedOffset, () => {
      const sid = target.sid();
      const row = check.get(sid) as { indexed_offset: number } | undefined;
      if (!row || row.indexed_offset !== expectedOffset) throw new LostRace();
      let n = startRow;
      for (const t of texts) insert.run(sid * MESSAGE_ROWID_SPAN + n++, found.id, t.turn, t.role, t.text);
      save.run({ sid, ...params });
    }, target.lost);
    malformedComplete = complete;
    malformedTaken = taken;
    committedOffset = offset;
    pendingTexts = [];
    pendingStartRow = state.messages;
  };

  const applyOpts = { toolOutput: opts.toolOutput };
  const it = skimRolloutEntries(found.file, {
    startByte: start,
    endByte: st.size,
    onMalformed: (m) => malformed.push(m),
    wants: (head) => wantsLine(head, applyOpts, state),
  });
  ctx.result.bytesRead += Math.max(0, st.size - start);
  let lastEnd = start;
  let stats;
  for (;;) {
    const r = await it.next();
    if (r.done) {
      stats = r.value;
      break;
    }
    const entry = r.value;
    if ('line' in entry) {
      const text = applyLine(state, entry.line, applyOpts);
      if (text) {
        pendingTexts.push(text);
        state.messages++;
      }
    } else applyHead(state, entry.head);
    lastEnd = entry.end;
    if (lastEnd - committedOffset >= batchBytes) {
      abortIfNeeded(opts.signal);
      commit(lastEnd, null);
    }
  }
  ctx.result.malformed += stats.malformed;
  // Stop before a last line cut short; everything else was consumed.
  const truncated = stats.truncatedTail ? malformed[malformed.length - 1] : undefined;
  commit(truncated ? truncated.offset : st.size, { tailTruncated: truncated !== undefined });
}

/** Resets a session's parse state and search text, if its row is still as `fp` says. */
function resetSession(db: Db, fp: Fingerprint, st: FileStat): void {
  db.transaction(() => {
    const now = stmt(db, 'SELECT file_size, inode, indexed_offset FROM sessions WHERE sid = ?').get(fp.sid) as
      | { file_size: number; inode: number; indexed_offset: number }
      | undefined;
    if (!now || now.file_size !== fp.file_size || now.inode !== fp.inode || now.indexed_offset !== fp.indexed_offset) throw new LostRace();
    deleteMessages(db, fp.sid);
    stmt(db, 
      `UPDATE sessions SET indexed_offset = 0, file_size = -1, mtime_ms = -1, inode = ?, st_seam = NULL, st_meta_seen = 0,
       st_meta_history_mode = NULL, st_ordinals = 0, st_user_items = 0, st_user_events = 0, st_first_item_message = NULL,
       st_first_event_message = NULL, st_last_agent = NULL, st_last_line_ms = NULL, st_rollout_name = NULL,
       st_malformed_complete = 0, st_tail_truncated = 0, st_messages = 0, cwd = NULL, source = NULL, originator = NULL,
       provider = NULL, git_branch = NULL, git_sha = NULL, forked_from_id = NULL, model = NULL, total_tokens = NULL
       WHERE sid = ?`,
    ).run(st.ino, fp.sid);
  }).immediate();
}

function insertSession(db: Db, found: Found, st: FileStat): number | null {
  const created = stampMs(found.file) ?? st.mtimeMs;
  const r = stmt(
    db, 
      `INSERT INTO sessions (id, path, archived, created_at, updated_at, size, inode, name)
       VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT name FROM names WHERE id = ?)) ON CONFLICT (id) DO NOTHING`,
    )
    .run(found.id, found.file, found.archived ? 1 : 0, created, st.mtimeMs, st.size, st.ino, found.id);
  return r.changes === 1 ? Number(r.lastInsertRowid) : null;
}

export function fingerprintOf(db: Db, id: string): Fingerprint | undefined {
  return stmt(
    db, 'SELECT sid, id, path, archived, file_size, mtime_ms, inode, indexed_offset, st_seam FROM sessions WHERE id = ?')
    .get(id) as Fingerprint | undefined;
}

export async function syncFile(ctx: Ctx, found: Found, st: FileStat, fp: Fingerprint | undefined): Promise<FileOutcome> {
  const { db } = ctx;
  let outcome: FileOutcome = 'updated';
  let lost = false;
  const onLost = () => {
    if (lost) return;
    lost = true;
    // Counted as added/updated when queued; it turned out another process had it.
    ctx.result[outcome]--;
    ctx.result.skipped++;
  };
  try {
    if (!fp) {
      outcome = 'added';
      let sid: number | null = null;
      const target: Target = {
        sid: () => {
          if (sid === null) sid = insertSession(db, found, st);
          if (sid === null) throw new LostRace();
          return sid;
        },
        lost: onLost,
      };
      await indexRange(ctx, found, st, target, 0, emptyState(), 0);
      return outcome;
    }
    const relocated = fp.path !== found.file || (fp.archived === 1) !== found.archived;
    if (relocated) {
      stmt(db, 'UPDATE sessions SET path = ?, archived = ? WHERE sid = ?').run(found.file, found.archived ? 1 : 0, fp.sid);
    }
    if (fp.file_size === st.size && fp.mtime_ms === st.mtimeMs && fp.inode === st.ino) return relocated ? 'moved' : 'unchanged';

    const target: Target = { sid: () => fp.sid, lost: onLost };
    const sameFile = fp.inode === st.ino && st.size >= fp.file_size && st.size >= fp.indexed_offset;
    if (sameFile) {
      const seam = readSeam(found.file, fp.indexed_offset);
      ctx.result.bytesRead += seam.bytes;
      if (seam.seam === (fp.st_seam ?? '')) {
        const { state, malformedComplete } = loadState(db, fp.sid);
        await indexRange(ctx, found, st, target, fp.indexed_offset, state, malformedComplete);
        return outcome;
      }
    }
    resetSession(db, fp, st);
    await indexRange(ctx, found, st, target, 0, emptyState(), 0);
    return outcome;
  } catch (e) {
    if (e instanceof LostRace) return 'skipped';
    throw e;
  }
}
