// The one error type the config layer throws. Its message is meant for the user as is:
// `<where>: <dotted.key>: <what was expected>`, or `<file>:<line>:<column>: <syntax problem>`.

export interface ConfigErrorDetails {
  /** The file (or `-c override`, `command-line flag`) the bad value came from. */
  source?: string;
  /** The dotted key of the bad value, e.g. `model_providers.mock.request_max_retries`. */
  key?: string;
  /** 1-based line of a TOML syntax error. */
  line?: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly source?: string;
  readonly key?: string;
  readonly line?: number;

  constructor(message: string, details: ConfigErrorDetails = {}) {
    super(message);
    this.source = details.source;
    this.key = details.key;
    this.line = details.line;
  }
}
