// The names an app-server's model catalogue gives its models (model/list, hidden ones too): the
// footer of a remote thread names its model as upstream's TUI does, by the catalogue's display name,
// and a model the catalogue does not list by its id as the thread reports it.
import type { ModelListResponse } from '../../protocol/app-server/ts/v2/ModelListResponse.ts';
import type { Params } from './rpc-client.ts';

/** Pages enough for any catalogue; a server that pages forever is not followed further. */
const MAX_PAGES = 10;

/** Each listed model's display name by its id; null when the server would not list them. */
export async function readModelNames(client: { request<T>(method: string, params: Params): Promise<T> }): Promise<Record<string, string> | null> {
  const names: Record<string, string> = {};
  let cursor: string | null = null;
  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      const r: ModelListResponse = await client.request<ModelListResponse>('model/list', { cursor, includeHidden: true });
      for (const m of r.data) names[m.model] = m.displayName;
      cursor = r.nextCursor;
      if (!cursor) break;
    }
  } catch {
    // A server that does not serve model/list: the footer names models as a local thread's does.
    return null;
  }
  return names;
}
