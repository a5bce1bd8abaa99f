// Types of the generated index.mjs (product/protocol/generate-validators.mjs).
import type { ValidateFunction } from 'ajv';

/** Every client request method, in the schema's order, with its params definition. */
export const CLIENT_METHODS: ReadonlyArray<readonly [string, string | null]>;
/** The validator of a params definition (v2/ThreadStartParams, …), loaded on first use; undefined for an unknown one. */
export function loadValidator(definition: string): Promise<ValidateFunction | undefined>;
