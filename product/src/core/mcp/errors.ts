// A failed MCP call, kept apart from the client (connections.ts) so code that only names the error
// does not load the MCP SDK.
export class McpCallError extends Error {}
