// Response items (the model's conversation history) as csm builds and stores them.
export type ResponseItem = { type: string; [k: string]: unknown };

export function userMessage(text: string): ResponseItem {
  return { type: 'message', role: 'user', content: [{ type: 'input_text', text }] };
}

export function developerMessage(...texts: string[]): ResponseItem {
  return { type: 'message', role: 'developer', content: texts.map((text) => ({ type: 'input_text', text })) };
}

/** Text of an assistant message item (output_text parts joined). */
export function messageText(item: ResponseItem): string {
  const content = item.content;
  if (!Array.isArray(content)) return '';
  return content.map((p) => (typeof p?.text === 'string' ? p.text : '')).join('');
}

export function reasoningText(item: ResponseItem): string {
  const summary = item.summary;
  if (!Array.isArray(summary)) return '';
  return summary.map((s) => (typeof s?.text === 'string' ? s.text : '')).join('\n\n');
}

/** The item as it goes back to the model: what the API returned, minus fields it rejects on input. */
export function forHistory(item: ResponseItem): ResponseItem {
  if (item.type === 'message' && item.role === 'assistant') {
    const { status: _s, ...rest } = item;
    return rest;
  }
  return item;
}
