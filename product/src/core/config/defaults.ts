// Built-in defaults, used when no layer sets a key.

export const DEFAULT_MODEL = 'gpt-5.5';
export const DEFAULT_MODEL_PROVIDER = 'openai';
export const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** HTTP retries after the first attempt: 4 → 5 attempts in all. */
export const DEFAULT_REQUEST_MAX_RETRIES = 4;
/** Stream reconnects after the first round: 5 → 6 rounds in all. */
export const DEFAULT_STREAM_MAX_RETRIES = 5;
/** Upstream clamps both retry budgets to this. */
export const MAX_RETRIES_CAP = 100;
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 300_000;

export const DEFAULT_PROJECT_DOC_MAX_BYTES = 32 * 1024;
