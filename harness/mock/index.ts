// The mock as csm's own tests see it (import alias `#lab/mock`): start a loopback Responses server
// from a script and read what it was sent. Everything else in this folder is the lab's business.
export { startMockServer, type MockServer, type MockServerOptions, type RequestLogEntry } from './server.ts';
export type { MockScriptInput } from './script.ts';
