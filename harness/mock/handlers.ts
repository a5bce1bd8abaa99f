// The scripted model as msw request handlers: routes each request to a title answer, the current
// turn (or its next fault), or a 404, and keeps the request log and the problem list.
import { http, HttpResponse, type RequestHandler } from 'msw';
import { isTitleRequest, maskHeaders, parseBody, unpairedToolCalls } from './inspect.ts';
import { faultLabel, turnSchema, type MockFault, type MockScript, type MockTurn } from './script.ts';
import { buildTurnEvents, frame, MALFORMED_FRAME } from './sse.ts';

export interface RequestLogEntry {
  /** 1-based order of arrival across all requests. */
  seq: number;
  kind: 'turn' | 'title' | 'other';
  /** 0-based index into script.turns; null for title and other requests. */
  turn_index: number | null;
  /** 1-based count of requests for this turn (or of title / other requests). */
  attempt: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: unknown;
  /** What was sent instead of a success: `status:500`, `stream:drop`, `exhausted`, ... */
  fault?: string;
  /**
   * The text the mock answered a turn with (its text items joined), when it answered with success:
   * lets the lab recognize that text when a client sends it back inside a message of its own (a
   * compaction's summary).
   */
  output_text?: string;
}

export interface MockHandlers {
  handlers: RequestHandler[];
  requests(): RequestLogEntry[];
  problems(): string[];
}

const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };

/**
 * A lazy byte stream of SSE frames with `delayMs` between them; nothing is produced until the bridge
 * reads, so each frame reaches the socket on its own. `fail` errors the stream after the last frame.
 */
function sseBody(frames: string[], delayMs: number, fail = false): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let next = 0;
  let cancelled = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (next > 0 && delayMs > 0 && (next < frames.length || fail)) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            timer = setTimeout(resolve, delayMs);
          });
        }
        if (cancelled) return;
        if (next < frames.length) controller.enqueue(encoder.encode(frames[next++]));
        else if (fail) controller.error(new Error('mock: connection dropped by script'));
        else controller.close();
      },
      cancel() {
        cancelled = true;
        clearTimeout(timer);
        wake?.();
      },
    },
    { highWaterMark: 0 },
  );
}

function errorResponse(status: number, message: string, type: string, extra: { code?: string; retryAfter?: number } = {}) {
  const headers: Record<string, string> = {};
  if (extra.retryAfter !== undefined) headers['retry-after'] = String(extra.retryAfter);
  const error = { message, type, ...(extra.code ? { code: extra.code } : {}) };
  return HttpResponse.json({ error }, { status, headers });
}

function defaultErrorType(status: number): string {
  if (status >= 500) return 'server_error';
  return status === 429 ? 'requests' : 'invalid_request_error';
}

function faultResponse(fault: MockFault, turn: MockTurn, key: number, model: string | undefined): Response {
  if (fault.status !== undefined) {
    return errorResponse(fault.status, fault.message ?? `mock error ${fault.status}`, fault.type ?? defaultErrorType(fault.status), {
      code: fault.code,
      retryAfter: fault.retry_after,
    });
  }
  const frames = buildTurnEvents(turn, { key, model }).map(frame);
  const body =
    fault.stream === 'drop'
      ? sseBody(frames.slice(0, 1), turn.chunk_delay_ms, true)
      : fault.stream === 'malformed'
        ? sseBody([frames[0], MALFORMED_FRAME], turn.chunk_delay_ms)
        : sseBody(frames.slice(0, -1), turn.chunk_delay_ms); // no_completed
  return new HttpResponse(body, { headers: SSE_HEADERS });
}

function successResponse(turn: MockTurn, key: number | string, model: string | undefined): Response {
  return new HttpResponse(sseBody(buildTurnEvents(turn, { key, model }).map(frame), turn.chunk_delay_ms), { headers: SSE_HEADERS });
}

export function createMockHandlers(script: MockScript): MockHandlers {
  const log: RequestLogEntry[] = [];
  const problems: string[] = [];
  const attempts = new Map<string, number>();
  let turnIndex = 0;
  const titleTurn = turnSchema.parse({ output: [{ text: JSON.stringify({ title: script.title }) }] });

  /**
   * Logs the request, checks the tool-call pairing, and returns the entry for routing to fill in.
   * Synchronous on purpose: from here to the turn advancing nothing awaits, so requests cannot interleave.
   */
  function record(request: Request, body: unknown, kind: RequestLogEntry['kind']): RequestLogEntry {
    const turn_index = kind === 'turn' ? turnIndex : null;
    const attemptKey = `${kind}:${turn_index}`;
    const attempt = (attempts.get(attemptKey) ?? 0) + 1;
    attempts.set(attemptKey, attempt);
    const entry: RequestLogEntry = {
      seq: log.length + 1,
      kind,
      turn_index,
      attempt,
      method: request.method,
      path: new URL(request.url).pathname,
      headers: maskHeaders(request.headers),
      body,
    };
    log.push(entry);
    for (const p of unpairedToolCalls(body)) problems.push(`request ${entry.seq}: ${p}`);
    return entry;
  }

  const responses = http.post('*/v1/responses', async ({ request }) => {
    const body = parseBody(await request.text());
    const entry = record(request, body, isTitleRequest(body) ? 'title' : 'turn');
    const model = (body as { model?: unknown } | null)?.model;
    const modelName = typeof model === 'string' ? model : undefined;
    if (entry.kind === 'title') return successResponse(titleTurn, 'title', modelName);

    const index = entry.turn_index!;
    const turn = script.turns[index];
    if (!turn) {
      const message = `mock script exhausted: request ${entry.seq} asked for turn ${index + 1} but only ${script.turns.length} turns are scripted`;
      problems.push(message);
      entry.fault = 'exhausted';
      return errorResponse(400, message, 'invalid_request_error');
    }
    const fault = entry.attempt <= turn.faults.length ? turn.faults[entry.attempt - 1] : turn.fault_always;
    if (fault) {
      entry.fault = faultLabel(fault);
      return faultResponse(fault, turn, index + 1, modelName);
    }
    turnIndex++;
    const text = turn.output.flatMap((o) => (o.text !== undefined ? [o.text] : [])).join('');
    if (text) entry.output_text = text;
    return successResponse(turn, index + 1, modelName);
  });

  const fallback = http.all('*', async ({ request }) => {
    const entry = record(request, parseBody(await request.text()), 'other');
    return errorResponse(404, `mock: no route for ${entry.method} ${entry.path}`, 'invalid_request_error');
  });

  return { handlers: [responses, fallback], requests: () => [...log], problems: () => [...problems] };
}
