// The history generator as csm's own tests see it (import alias `#lab/history`): what csm must be
// able to read is exactly what the lab's `history:` scenarios and the session benchmark write.
export { generateHistory, SESSION_SHAPES, type GeneratedHistory, type GeneratedSession, type GenerateOptions, type SessionShape } from './generate.ts';
