// Token usage in the shape exec --json and rollouts report, and how Responses API usage maps onto it.
import * as z from 'zod';

export const usageSchema = z.object({
  input_tokens: z.number(),
  cached_input_tokens: z.number(),
  cache_write_input_tokens: z.number(),
  output_tokens: z.number(),
  reasoning_output_tokens: z.number(),
});
export type Usage = z.infer<typeof usageSchema>;

export const ZERO_USAGE: Usage = { input_tokens: 0, cached_input_tokens: 0, cache_write_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0 };

interface ApiUsage {
  input_tokens?: number;
  input_tokens_details?: { cached_tokens?: number } | null;
  output_tokens?: number;
  output_tokens_details?: { reasoning_tokens?: number } | null;
}

export function fromApiUsage(u: ApiUsage | null | undefined): Usage {
  return {
    input_tokens: u?.input_tokens ?? 0,
    cached_input_tokens: u?.input_tokens_details?.cached_tokens ?? 0,
    cache_write_input_tokens: 0,
    output_tokens: u?.output_tokens ?? 0,
    reasoning_output_tokens: u?.output_tokens_details?.reasoning_tokens ?? 0,
  };
}

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    input_tokens: a.input_tokens + b.input_tokens,
    cached_input_tokens: a.cached_input_tokens + b.cached_input_tokens,
    cache_write_input_tokens: a.cache_write_input_tokens + b.cache_write_input_tokens,
    output_tokens: a.output_tokens + b.output_tokens,
    reasoning_output_tokens: a.reasoning_output_tokens + b.reasoning_output_tokens,
  };
}

export const totalTokens = (u: Usage) => u.input_tokens + u.output_tokens;
export const withTotal = (u: Usage) => ({ ...u, total_tokens: totalTokens(u) });
