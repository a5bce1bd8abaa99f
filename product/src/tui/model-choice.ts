// `/model`: the lists it shows and what a choice means. csm has no model catalogue of its own, so
// the first list holds only the configured model; its reasoning levels are the ones upstream offers
// for the GPT-5 family, medium the default.
import type { ListView } from './views/list.ts';
import { modelLabel } from './view.ts';

export const EFFORTS: ReadonlyArray<{ value: string; label: string; description: string }> = [
  { value: 'low', label: 'Low', description: 'Fast responses with lighter reasoning' },
  { value: 'medium', label: 'Medium', description: 'Balances speed and reasoning depth for everyday tasks' },
  { value: 'high', label: 'High', description: 'Greater reasoning depth for complex problems' },
  { value: 'xhigh', label: 'Extra high', description: 'Extra high reasoning depth for complex problems' },
];
const DEFAULT_EFFORT = 'medium';

export function modelList(model: string): ListView {
  return { id: 'model', title: 'Select Model and Effort', items: [{ label: `${modelLabel(model)} (current)` }], choice: 0, keys: [['enter', 'select'], ['esc', 'back']] };
}

/** The reasoning levels for `model`, the current one (else the default) highlighted. */
export function effortList(model: string, effort: string | null): ListView {
  const current = EFFORTS.findIndex((e) => e.value === (effort ?? DEFAULT_EFFORT));
  return {
    id: 'effort',
    title: `Select Reasoning Level for ${modelLabel(model)}`,
    items: EFFORTS.map((e) => ({ label: e.value === DEFAULT_EFFORT ? `${e.label} (default)` : e.label, description: e.description })),
    choice: Math.max(0, current),
    keys: [['enter', 'default'], ['s', 'session'], ['esc', 'back']],
    letters: 's',
    replacesList: true,
  };
}
