// Definitions of the smaller tools csm advertises alongside exec_command and apply_patch, in the
// order and shape upstream uses for catalog models (descriptions are our own).
const fn = (name: string, description: string, properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'function',
  name,
  description,
  strict: false,
  parameters: { type: 'object', properties, required, additionalProperties: false },
});

export const requestUserInputSpec = fn(
  'request_user_input',
  'Ask the user up to three short questions and wait for the answers. Only available in Plan mode.',
  {
    questions: {
      type: 'array',
      description: 'Questions to show the user (1 to 3).',
      items: {
        type: 'object',
        properties: {
          header: { type: 'string', description: 'A short label for the question.' },
          id: { type: 'string', description: 'Identifier used to match the answer.' },
          question: { type: 'string', description: 'The question text.' },
          options: { type: 'array', items: { type: 'object', properties: { label: { type: 'string' }, description: { type: 'string' } }, required: ['label', 'description'], additionalProperties: false } },
        },
        required: ['header', 'id', 'question', 'options'],
        additionalProperties: false,
      },
    },
  },
  ['questions'],
);

export const viewImageSpec = fn('view_image', 'Look at an image file on the local disk (a screenshot, a diagram, a rendered page).', {
  path: { type: 'string', description: 'Path of the image file.' },
});

export const getGoalSpec = fn('get_goal', 'Read the goal set for this thread: objective, status and token budget use.', {});

export const createGoalSpec = fn(
  'create_goal',
  'Set a goal for this thread, only when the user explicitly asks for one. Fails while an unfinished goal exists.',
  {
    objective: { type: 'string', description: 'What the goal is.' },
    token_budget: { type: 'integer', description: 'Optional token budget, only when the user asked for one.' },
  },
  ['objective'],
);

export const updateGoalSpec = fn(
  'update_goal',
  'Change the status of the current goal: complete when it is achieved, paused only when the user asks.',
  { status: { type: 'string', enum: ['active', 'paused', 'complete'], description: 'The new status.' } },
  ['status'],
);

export const toolSearchSpec = {
  type: 'tool_search',
  execution: 'client',
  description: 'Search the tools that are not loaded up front (for example MCP tools) by keyword and load the matches for the next call.',
  parameters: { type: 'object', properties: { query: { type: 'string' }, limit: { type: 'integer' } }, required: ['query'], additionalProperties: false },
};

export const webSearchSpec = { type: 'web_search', external_web_access: true, search_content_types: ['text', 'image'] };

// MCP resources: what the configured MCP servers expose for reading (the TUI offers these).
const mcpCursor = { cursor: { type: 'string', description: 'Continue a previous listing from the cursor it returned.' } };
const mcpServer = { server: { type: 'string', description: 'Name of the MCP server (as in config.toml). Leave out to ask every server.' } };
export const listMcpResourcesSpec = fn('list_mcp_resources', 'List the resources (files, documents, records) that the configured MCP servers make available to read.', { ...mcpServer, ...mcpCursor });
export const listMcpResourceTemplatesSpec = fn('list_mcp_resource_templates', 'List the parameterized resource URI templates that the configured MCP servers offer.', { ...mcpServer, ...mcpCursor });
export const readMcpResourceSpec = fn(
  'read_mcp_resource',
  'Read one resource from an MCP server by its URI, as returned by list_mcp_resources.',
  { server: { type: 'string', description: 'Name of the MCP server that has the resource.' }, uri: { type: 'string', description: 'The resource URI.' } },
  ['server', 'uri'],
);
