// `/warnings`: upstream keeps the warnings a session raised (its configuration's, its startup's)
// for review here. csm raises none of that kind (its process warnings go to csm.log), so the panel
// always says there are none; Esc closes it.
import type { ListView } from './views/list.ts';

export function warningsList(): ListView {
  return {
    id: 'warnings',
    title: 'Warnings',
    items: [],
    choice: 0,
    empty: { text: 'No warnings', rows: 9 },
    keys: [['k', 'keep & next'], ['esc', 'dismiss & close'], ['^o', 'copy'], ['←/→', 'warning']],
    plainKeys: true,
  };
}
