// A small MCP server over stdio for tests (and the lab), built with the official SDK. Its tools
// misbehave on request so the client's handling can be checked against a real process:
//   echo {text}      → the text as content (no structured content)
//   structured {n}   → structured content {n, doubled}
//   fails {message}  → a tool error (isError)
//   slow {ms, text}  → answers after ms
//   hang             → never answers
//   crash            → the process exits in the middle of the call
//   write_note {text}→ like echo, but not annotated read-only (so a client asks before calling it)
// All but write_note are annotated readOnlyHint, as upstream runs those without asking.
// Resources: `mem://greeting` (text) and the template `mem://items/{id}`.
// Plain JavaScript so it starts as fast as a real server (no TypeScript loader), for the lab too.
// Run: node product/test-support/mcp-server.mjs [--exit-at-start] [--delay-ms N]
// --delay-ms: every call answers no sooner than N ms (keeps the lab's event order deterministic).
// --linger: the process outlives its closed stdin.
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import * as z from 'zod';

if (process.argv.includes('--exit-at-start')) process.exit(3);
// --linger: keeps running after its stdin closes (a server that does not exit when told to).
if (process.argv.includes('--linger')) setInterval(() => {}, 60_000);

const server = new McpServer({ name: 'csm-test-server', version: '1.0.0' });
const at = process.argv.indexOf('--delay-ms');
const delayMs = at > 0 ? Number(process.argv[at + 1]) : 0;
const later = (value) => new Promise((r) => setTimeout(() => r(value), delayMs));
/** @param {string} t */
const text = (t) => ({ content: [{ type: /** @type {const} */ ('text'), text: t }] });
const readOnly = { readOnlyHint: true };

server.registerTool('echo', { description: 'Echo the text back.', inputSchema: { text: z.string() }, annotations: readOnly }, async ({ text: t }) => later(text(t)));
server.registerTool(
  'structured',
  { description: 'Double a number, as structured content.', inputSchema: { n: z.number() }, outputSchema: { n: z.number(), doubled: z.number() }, annotations: readOnly },
  async ({ n }) => later({ ...text(String(n * 2)), structuredContent: { n, doubled: n * 2 } }),
);
server.registerTool('fails', { description: 'Fail with the message.', inputSchema: { message: z.string() }, annotations: readOnly }, async ({ message }) => later({ ...text(message), isError: true }));
server.registerTool('slow', { description: 'Answer after a while.', inputSchema: { ms: z.number(), text: z.string() }, annotations: readOnly }, async ({ ms, text: t }) => {
  await new Promise((r) => setTimeout(r, ms + delayMs));
  return text(t);
});
server.registerTool('hang', { description: 'Never answer.', annotations: readOnly }, () => new Promise(() => {}));
server.registerTool('crash', { description: 'Exit in the middle of the call.', annotations: readOnly }, async () => {
  setTimeout(() => process.exit(7), 10 + delayMs);
  return new Promise(() => {});
});
server.registerTool('write_note', { description: 'Write a note (not read-only).', inputSchema: { text: z.string() } }, async ({ text: t }) => later(text(`noted: ${t}`)));
server.registerResource('greeting', 'mem://greeting', { mimeType: 'text/plain', description: 'A greeting.' }, async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'hello from the test server' }] }));
server.registerResource('item', new ResourceTemplate('mem://items/{id}', { list: undefined }), { description: 'One item by id.' }, async (uri, { id }) => ({ contents: [{ uri: uri.href, text: `item ${String(id)}` }] }));

await server.connect(new StdioServerTransport());
