// The rollout lines a turn records, in upstream's order, for each way a thread can open: new,
// resumed against a world-state baseline, resumed without one, and resumed from a legacy file.
import { describe, expect, it } from 'vitest';
import type { ModelClient, ResponseEvent } from '../model/client.ts';
import { developerMessage, userMessage, type ResponseItem } from './items.ts';
import { INTERRUPTED, Thread, type ResumeMode, type ThreadOptions } from './thread.ts';
import { contextState } from './world-state.ts';

/** A model that answers every request with one assistant message. */
const client: ModelClient = {
  async stream() {
    const events: ResponseEvent[] = [
      { type: 'response.output_item.done', item: { type: 'message', role: 'assistant', id: 'msg_1', status: 'completed', content: [{ type: 'output_text', text: 'Done.' }] } },
      { type: 'response.completed', response: { id: 'resp_1', usage: { input_tokens: 10, output_tokens: 2 } } },
    ];
    return (async function* () {
      yield* events;
    })();
  },
};

const context = [developerMessage('<permissions instructions>'), userMessage('<environment_context>')];
const earlier = [userMessage('earlier question'), { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'earlier answer' }] }];

interface Line {
  type: string;
  payload: Record<string, unknown>;
}

/** A thread on the fake model whose rollout lines land in `lines`. */
function newThread(lines: Line[], opts: Partial<ThreadOptions> = {}): Thread {
  let n = 0;
  return new Thread({
    id: 'thread-1',
    client,
    tools: { specs: () => [], handle: async () => ({ type: 'function_call_output', call_id: 'x', output: '' }) },
    retry: { requestMaxRetries: 0, streamMaxRetries: 0 },
    settings: { model: 'gpt-5.5', provider: 'mock', cwd: '/ws', approvalPolicy: 'never', sandboxMode: 'workspace-write', contextWindow: 1000 },
    baseInstructions: 'base',
    history: [],
    pendingContext: [],
    rollout: { append: (type, payload) => lines.push({ type, payload }) },
    newId: () => `id-${n++}`,
    ...opts,
  });
}

async function turn(opts: Partial<ThreadOptions>, prompts = ['continue']) {
  const lines: Line[] = [];
  const thread = newThread(lines, opts);
  const turns: string[][] = [];
  for (const prompt of prompts) {
    const from = lines.length;
    const run = thread.runTurn(prompt);
    while (!(await run.next()).done);
    turns.push(lines.slice(from).map(kind));
  }
  return { lines, turns };
}

/** A line as the lab's rollout skeleton names it. */
function kind(l: Line): string {
  if (l.type === 'event_msg') return `event/${l.payload.type}`;
  if (l.type === 'response_item') return `${l.payload.type}:${l.payload.role ?? ''}`;
  if (l.type === 'world_state') return `world_state(${l.payload.full ? 'full' : 'patch'})`;
  return l.type;
}

const resume = (mode: Partial<ResumeMode>): ResumeMode => ({ context: 'update', settingsChanged: false, firstSettings: false, ...mode });
const TAIL = ['message:user', 'event/item_completed', 'event/item_completed', 'message:assistant', 'token_usage_record', 'event/token_count', 'event/task_complete'];

describe('Thread: the lines that open a turn', () => {
  it('new thread: context, full world state, turn context, then its settings', async () => {
    const { turns } = await turn({ pendingContext: context }, ['one', 'two']);
    expect(turns[0]).toEqual(['event/task_started', 'message:developer', 'message:user', 'world_state(full)', 'turn_context', 'event/thread_settings_applied', ...TAIL]);
    // A later turn in the same process re-applies the settings and sends no context.
    expect(turns[1]).toEqual(['event/thread_settings_applied', 'event/task_started', 'turn_context', ...TAIL]);
  });

  it('resume against a baseline: settings first, then only the changes and a world-state patch', async () => {
    const { turns } = await turn({ history: earlier, pendingContext: [userMessage('<environment_context>')], resume: resume({}) });
    expect(turns[0]).toEqual(['event/thread_settings_applied', 'event/task_started', 'message:user', 'world_state(patch)', 'turn_context', ...TAIL]);
  });

  it('resume against a baseline with nothing changed: no context and no world state', async () => {
    const { turns } = await turn({ history: earlier, resume: resume({}) });
    expect(turns[0]).toEqual(['event/thread_settings_applied', 'event/task_started', 'turn_context', ...TAIL]);
  });

  it('resume with changed settings applies them twice before the turn starts', async () => {
    const { turns } = await turn({ history: earlier, resume: resume({ settingsChanged: true }) });
    expect(turns[0].slice(0, 3)).toEqual(['event/thread_settings_applied', 'event/thread_settings_applied', 'event/task_started']);
  });

  it('resume without a baseline (after a compaction): the whole context with a full world state', async () => {
    const items = [developerMessage('<model_switch>'), ...context];
    const { turns } = await turn({ history: earlier, pendingContext: items, resume: resume({ context: 'full', settingsChanged: true }) });
    expect(turns[0]).toEqual([
      'event/thread_settings_applied',
      'event/thread_settings_applied',
      'event/task_started',
      'message:developer',
      'message:developer',
      'message:user',
      'world_state(full)',
      'turn_context',
      ...TAIL,
    ]);
  });

  it('resume of a legacy file: no baseline, no earlier turn settings, legacy message events', async () => {
    const { lines, turns } = await turn({ history: earlier, pendingContext: context, resume: resume({ context: 'full', settingsChanged: true, firstSettings: true }), legacy: true });
    expect(turns[0]).toEqual([
      'event/thread_settings_applied',
      'event/thread_settings_applied',
      'event/task_started',
      'message:developer',
      'message:user',
      'world_state(full)',
      'turn_context',
      'event/thread_settings_applied',
      'message:user',
      'event/user_message',
      'event/agent_message',
      'message:assistant',
      'token_usage_record',
      'event/token_count',
      'event/task_complete',
    ]);
    const events = lines.filter((l) => l.type === 'event_msg' && (l.payload.type === 'user_message' || l.payload.type === 'agent_message')).map((l) => l.payload);
    expect(events).toEqual([
      { type: 'user_message', message: 'continue', images: [], local_images: [], audio: [], local_audio: [], text_elements: [] },
      { type: 'agent_message', message: 'Done.', phase: null, memory_citation: null },
    ]);
  });

  it('sends the opening context once, ahead of the prompt, after the earlier history', async () => {
    const requests: ResponseItem[][] = [];
    const recording: ModelClient = { stream: async (body, o) => (requests.push(body.input as ResponseItem[]), client.stream(body, o)) };
    await turn({ client: recording, history: earlier, pendingContext: context, resume: resume({ context: 'full' }) }, ['one', 'two']);
    const texts = (input: ResponseItem[]) => input.map((i) => (i.content as { text: string }[])[0].text);
    expect(texts(requests[0])).toEqual(['base', 'earlier question', 'earlier answer', '<permissions instructions>', '<environment_context>', 'one']);
    expect(texts(requests[1]).slice(3)).toEqual(['<permissions instructions>', '<environment_context>', 'one', 'Done.', 'two']);
  });
});

describe('Thread: the world state it records', () => {
  const permissions = '<permissions instructions>\nsandbox_mode is `workspace-write`.\n</permissions instructions>';
  const env = '<environment_context>\n  <cwd>/ws</cwd>\n  <shell>bash</shell>\n  <current_date>2026-12-02</current_date>\n  <timezone>Etc/UTC</timezone>\n</environment_context>';
  const states = (lines: Line[]) => lines.filter((l) => l.type === 'world_state').map((l) => l.payload);

  it('a new thread: a full snapshot of exactly the context it sent', async () => {
    const sent = [developerMessage(permissions), userMessage(env)];
    const { lines } = await turn({ pendingContext: sent }, ['one', 'two']);
    expect(states(lines)).toEqual([{ full: true, state: contextState(sent, { model: 'gpt-5.5', full: true }) }]);
  });

  it("resumed against codex's baseline: a patch of only what it re-sent, codex's other sections left as they were", async () => {
    const baseline = { host_skills: { body: 'skills' }, model: 'gpt-5.5', tools: { multi_agent_v1: 'sub-agents' }, environments: { environments: { local: { cwd: '/ws', status: 'available', shell: 'bash' } }, current_date: '2026-12-01', timezone: 'Etc/UTC' } };
    const update = userMessage('<environment_context>\n  <current_date>2026-12-02</current_date>\n</environment_context>');
    const { lines } = await turn({ history: earlier, pendingContext: [update], resume: resume({}), worldState: baseline }, ['one', 'two']);
    expect(states(lines)).toEqual([{ full: false, state: { environments: { current_date: '2026-12-02' } } }]);
  });

  it('a model switch on resume patches the model', async () => {
    const { lines } = await turn({ history: earlier, pendingContext: [developerMessage('<model_switch>…</model_switch>')], resume: resume({}), worldState: { model: 'gpt-5.4' } });
    expect(states(lines)).toEqual([{ full: false, state: { model: 'gpt-5.5' } }]);
  });

  it('a later turn that tells the model of a new collaboration mode patches that section', async () => {
    const lines: Line[] = [];
    const thread = newThread(lines, { pendingContext: [developerMessage(permissions), userMessage(env)] });
    for (let r = thread.runTurn('one'); !(await r.next()).done; );
    thread.setCollaborationMode('plan', undefined);
    for (let r = thread.runTurn('two'); !(await r.next()).done; );
    expect(states(lines).map((s) => Object.keys(s.state as object))).toEqual([['agents_md', 'environments', 'model', 'permissions', 'tools'], ['collaboration_mode']]);
    expect(states(lines)[1]).toMatchObject({ full: false, state: { collaboration_mode: { mode: 'plan', model: 'gpt-5.5' } } });
  });
});

describe('Thread: a turn the person stops', () => {
  it('ends as interrupted: turn_aborted instead of task_complete, and no answer', async () => {
    const lines: Line[] = [];
    const abort = new AbortController();
    // A model that streams forever until the request is aborted.
    const slow: ModelClient = {
      async stream(_body, { signal }) {
        return (async function* () {
          yield { type: 'response.output_text.delta', item_id: 'msg_1', delta: 'Thinking' } as ResponseEvent;
          await new Promise((_, reject) => {
            if (signal?.aborted) reject(new Error('aborted'));
            signal?.addEventListener('abort', () => reject(new Error('aborted')));
          });
        })();
      },
    };
    const deltas: string[] = [];
    const thread = newThread(lines, {
      client: slow,
      onTextDelta: (d) => {
        deltas.push(d);
        abort.abort();
      },
    });
    const run = thread.runTurn('go', abort.signal);
    const events = [];
    let r;
    while (!(r = await run.next()).done) events.push(r.value);
    expect(deltas).toEqual(['Thinking']);
    expect(events.at(-1)).toEqual({ type: 'turn.failed', error: { message: INTERRUPTED } });
    expect(r.value).toMatchObject({ ok: false, lastAgentMessage: null, error: INTERRUPTED });
    // As upstream: an interrupted turn ends with the usage so far (none measured: no info), a
    // <turn_aborted> note for the model, and turn_aborted instead of task_complete.
    expect(lines.map(kind).slice(-3)).toEqual(['event/token_count', 'message:user', 'event/turn_aborted']);
    expect(lines.at(-3)!.payload.info).toBeNull();
    expect(((lines.at(-2)!.payload.content as Array<{ text: string }>)[0]).text).toMatch(/^<turn_aborted>\n[\s\S]+\n<\/turn_aborted>$/);
    expect(lines.map(kind)).not.toContain('event/task_complete');
  });
});

describe("Thread: a command the person ran (!cmd)", () => {
  it("is a turn of its own, as upstream records it: task_started, the command's item, a user message for the model, task_complete", () => {
    const lines: Line[] = [];
    const thread = newThread(lines);
    thread.recordUserShell({ command: 'ls', argv: ['/bin/bash', '-lc', 'ls'], output: 'README.md\nsrc\n', exitCode: 0, durationMs: 38.2, started: new Date(0) });
    expect(lines.map(kind)).toEqual(['event/task_started', 'event/item_completed', 'message:user', 'event/task_complete']);
    expect(lines[1].payload.item).toMatchObject({ type: 'CommandExecution', command: ['/bin/bash', '-lc', 'ls'], source: 'user_shell', status: 'completed', aggregated_output: 'README.md\nsrc\n', exit_code: 0 });
    const text = ((lines[2].payload.content as Array<{ text: string }>)[0]).text;
    expect(text).toBe('<user_shell_command>\n<command>\nls\n</command>\n<result>\nExit code: 0\nDuration: 0.0382 seconds\nOutput:\nREADME.md\nsrc\n\n</result>\n</user_shell_command>');
  });

  it('tells the model on its next request', async () => {
    const bodies: Array<{ input: ResponseItem[] }> = [];
    const lines: Line[] = [];
    const thread = newThread(lines, { client: { stream: (body: never, signal?: AbortSignal) => (bodies.push(body), client.stream(body, signal as never)) } as ModelClient });
    thread.recordUserShell({ command: 'false', argv: ['/bin/bash', '-lc', 'false'], output: '', exitCode: 1, durationMs: 5, started: new Date(0) });
    const run = thread.runTurn('what happened?');
    while (!(await run.next()).done);
    const texts = bodies[0].input.map((i) => JSON.stringify(i.content));
    expect(texts.findIndex((t) => t.includes('Exit code: 1'))).toBeLessThan(texts.findIndex((t) => t.includes('what happened?')));
  });

  it("before a new thread's first prompt: that turn records the thread's settings before it opens, then opens as a new thread's does", async () => {
    const lines: Line[] = [];
    const thread = newThread(lines);
    thread.recordUserShell({ command: 'ls', argv: ['/bin/bash', '-lc', 'ls'], output: '', exitCode: 0, durationMs: 1, started: new Date(0) });
    const from = lines.length;
    const run = thread.runTurn('and now?');
    while (!(await run.next()).done);
    const opening = lines.slice(from).map(kind);
    expect(opening.slice(0, 2)).toEqual(['event/thread_settings_applied', 'event/task_started']);
    // The new thread's context and its settings after the turn context, as without the command.
    expect(opening.filter((k) => k === 'event/thread_settings_applied')).toHaveLength(2);
  });
});

describe('Thread: a prompt steered into a running turn', () => {
  it("cuts the streaming response and asks again in the same turn with both prompts, recorded as upstream's", async () => {
    const bodies: Array<{ input: ResponseItem[] }> = [];
    let started!: () => void;
    const streaming = new Promise<void>((r) => (started = r));
    const slowThenAnswer: ModelClient = {
      async stream(body, opts) {
        bodies.push(body as never);
        if (bodies.length > 1) return client.stream(body, opts);
        // The first response streams until it is cut.
        return (async function* () {
          yield { type: 'response.output_text.delta', delta: 'A slow' } as ResponseEvent;
          started();
          await new Promise((_, reject) => opts.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
        })();
      },
    };
    const lines: Line[] = [];
    const thread = newThread(lines, { client: slowThenAnswer });
    expect(thread.steer('too early')).toBe(false);
    const run = thread.runTurn('start');
    const done = (async () => {
      const events: string[] = [];
      for (let n = await run.next(); !n.done; n = await run.next()) events.push(n.value.type);
      return { events, result: (await run.next()).value };
    })();
    await streaming;
    expect(thread.steer('follow up')).toBe(true);
    const { events } = await done;
    expect(events).not.toContain('turn.failed');
    expect(events.filter((e) => e === 'turn.started')).toHaveLength(1);
    expect(bodies).toHaveLength(2);
    const texts = bodies[1].input.map((i) => JSON.stringify(i.content ?? ''));
    expect(texts.slice(-2)).toEqual([JSON.stringify([{ type: 'input_text', text: 'start' }]), JSON.stringify([{ type: 'input_text', text: 'follow up' }])]);
    const after = lines.map(kind).slice(lines.findIndex((l) => l.payload.role === 'user' && JSON.stringify(l.payload.content).includes('"start"')));
    expect(after).toEqual(['message:user', 'event/item_completed', 'event/token_count', 'message:user', 'event/item_completed', 'event/item_completed', 'message:assistant', 'token_usage_record', 'event/token_count', 'event/task_complete']);
    expect(lines.filter((l) => l.payload.type === 'task_started')).toHaveLength(1);
    expect(thread.steer('after the turn')).toBe(false);
  });
});

describe('Thread: a review run in a reviewer thread of its own', () => {
  it("is recorded in this thread as upstream records it, and its findings reach the model's next request", async () => {
    const bodies: Array<{ input: ResponseItem[] }> = [];
    const lines: Line[] = [];
    const thread = newThread(lines, { client: { stream: (body: never, opts: never) => (bodies.push(body), client.stream(body, opts)) } as ModelClient });
    const entered = thread.enterReview({ type: 'uncommittedChanges' }, 'current changes');
    thread.exitReview(entered, { reviewerThreadId: 'reviewer-1', prompt: 'Review the changes.', output: { findings: [] }, text: 'Looks right.' });
    expect(lines.map(kind)).toEqual(['event/item_completed', 'event/task_started', 'event/item_completed', 'event/thread_settings_applied', 'message:user', 'event/item_completed', 'message:assistant', 'event/item_completed', 'event/task_complete']);
    expect(lines.map((l) => (l.payload.item as { type?: string } | undefined)?.type).filter(Boolean)).toEqual(['EnteredReviewMode', 'UserMessage', 'ExitedReviewMode', 'AgentMessage']);
    const run = thread.runTurn('fix it');
    while (!(await run.next()).done);
    const texts = bodies[0].input.map((i) => JSON.stringify(i.content ?? ''));
    expect(texts.some((t) => t.includes('<user_action>') && t.includes('Looks right.'))).toBe(true);
  });
});

describe('Thread: a prompt sent as its turn ends', () => {
  it('is refused once the last answer is in, so the caller runs it as a turn of its own (never dropped)', async () => {
    const lines: Line[] = [];
    const thread = newThread(lines);
    const run = thread.runTurn('start');
    let n = await run.next();
    while (!n.done && n.value.type !== 'turn.completed') n = await run.next();
    expect(thread.steer('late')).toBe(false);
    while (!(await run.next()).done);
  });
});
