// Pure rules for what an `exec_command` call needs before it may run. Asking the user is the agent
// loop's job; these functions only say whether to ask, and when a request must be refused.
import type { ApprovalPolicy, SandboxMode } from '../../config/schema.ts';
import type { ExecCommandArgs } from './spec.ts';

export interface ExecPolicy {
  readonly approval: ApprovalPolicy;
  readonly sandbox: SandboxMode;
}

type EscalationArgs = Pick<ExecCommandArgs, 'sandbox_permissions'>;

export function requestsEscalation(args: EscalationArgs): boolean {
  return args.sandbox_permissions === 'require_escalated';
}

/**
 * Upstream refuses an escalation request outright unless the policy is `on-request` (nobody could
 * approve it). Returns that refusal for the model, or null when the call may proceed.
 */
export function escalationRefusal(approval: ApprovalPolicy, args: EscalationArgs): string | null {
  if (!requestsEscalation(args) || approval === 'on-request') return null;
  const name = APPROVAL_DEBUG_NAMES[approval];
  return `approval policy is ${name}; reject command — you cannot ask for escalated permissions if the approval policy is ${name}`;
}

/** Upstream prints the policy with its Rust variant name in that refusal. */
const APPROVAL_DEBUG_NAMES: Record<ApprovalPolicy, string> = {
  untrusted: 'UnlessTrusted',
  'on-failure': 'OnFailure',
  'on-request': 'OnRequest',
  never: 'Never',
};

/**
 * Whether the user must approve this call before it runs.
 *
 * - `never`: never ask (an escalation request is refused instead, see `escalationRefusal`).
 * - `on-request`: ask only when the model asks to leave the sandbox; there is nothing to leave
 *   under `danger-full-access`.
 * - `on-failure`: run sandboxed without asking; asking happens only after a sandbox failure.
 * - `untrusted`: ask for everything; the loop may first let known read-only commands through.
 */
export function needsApproval(policy: ExecPolicy, args: EscalationArgs): boolean {
  switch (policy.approval) {
    case 'never':
    case 'on-failure':
      return false;
    case 'on-request':
      return requestsEscalation(args) && policy.sandbox !== 'danger-full-access';
    case 'untrusted':
      return true;
  }
}
