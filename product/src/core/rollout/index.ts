// Session persistence in Codex's rollout format: schema, file layout, writer, reader, resume.
export * from './schema.ts';
export * from './paths.ts';
export * from './lock.ts';
export * from './secrets.ts';
export * from './tail.ts';
export * from './writer.ts';
export * from './reader.ts';
export * from './head.ts';
export * from './reconstruct.ts';
export * from './thread.ts';
export * from './resume-tail.ts';
