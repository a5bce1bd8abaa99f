// Thread goals: one objective per thread with a status and an optional token budget.
export interface Goal {
  objective: string;
  status: 'active' | 'paused' | 'complete';
  token_budget: number | null;
}

export class GoalStore {
  private goal: Goal | null = null;

  get(): string {
    return this.goal ? JSON.stringify(this.goal) : 'No goal is set for this thread.';
  }

  create(args: { objective?: string; token_budget?: number }): string {
    if (!args.objective?.trim()) return 'create_goal failed: objective is required.';
    if (this.goal && this.goal.status !== 'complete') return 'create_goal failed: an unfinished goal already exists; update it instead.';
    this.goal = { objective: args.objective.trim(), status: 'active', token_budget: args.token_budget ?? null };
    return JSON.stringify(this.goal);
  }

  update(args: { status?: string }): string {
    if (!this.goal) return 'update_goal failed: no goal is set.';
    if (args.status !== 'active' && args.status !== 'paused' && args.status !== 'complete') return 'update_goal failed: status must be active, paused or complete.';
    this.goal = { ...this.goal, status: args.status };
    return JSON.stringify(this.goal);
  }
}
