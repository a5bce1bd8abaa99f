import { describe, expect, it } from 'vitest';

import type { ApprovalPolicy, SandboxMode } from '../../config/schema.ts';
import { escalationRefusal, needsApproval } from './approval.ts';

const escalated = { sandbox_permissions: 'require_escalated' } as const;
const plain = { sandbox_permissions: 'use_default' } as const;
const omitted = {};

describe('needsApproval', () => {
  it.each<[ApprovalPolicy, SandboxMode, object, boolean]>([
    ['on-request', 'workspace-write', escalated, true],
    ['on-request', 'read-only', escalated, true],
    ['on-request', 'danger-full-access', escalated, false],
    ['on-request', 'workspace-write', plain, false],
    ['on-request', 'workspace-write', omitted, false],
    ['never', 'workspace-write', escalated, false],
    ['never', 'read-only', plain, false],
    ['never', 'danger-full-access', escalated, false],
    ['on-failure', 'workspace-write', escalated, false],
    ['on-failure', 'workspace-write', plain, false],
    ['untrusted', 'workspace-write', plain, true],
    ['untrusted', 'read-only', omitted, true],
  ])('%s + %s + %j → %s', (approval, sandbox, args, expected) => {
    expect(needsApproval({ approval, sandbox }, args)).toBe(expected);
  });
});

describe('escalationRefusal', () => {
  it('lets an escalation through under on-request (the user is asked)', () => {
    expect(escalationRefusal('on-request', escalated)).toBeNull();
  });

  it('lets ordinary calls through under every policy', () => {
    for (const approval of ['never', 'on-failure', 'on-request', 'untrusted'] as const) {
      expect(escalationRefusal(approval, plain)).toBeNull();
    }
  });

  it.each<[ApprovalPolicy, string]>([
    ['never', 'Never'],
    ['on-failure', 'OnFailure'],
    ['untrusted', 'UnlessTrusted'],
  ])('refuses an escalation under %s with upstream’s message', (approval, name) => {
    expect(escalationRefusal(approval, escalated)).toBe(
      `approval policy is ${name}; reject command — you cannot ask for escalated permissions if the approval policy is ${name}`,
    );
  });
});
