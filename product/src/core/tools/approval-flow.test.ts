import { describe, expect, it } from 'vitest';
import type { ApprovalDecision, ApprovalRequest, ToolContext } from '../agent/tools.ts';
import { createToolRouter, REJECTED_BY_USER, type CommandTools } from './router.ts';

function setup(approval: 'on-request' | 'never' | 'untrusted', answers: ApprovalDecision[]) {
  const ran: string[] = [];
  const asked: ApprovalRequest[] = [];
  const commands: CommandTools = {
    specs: [],
    execCommand: async (args) => {
      ran.push(String(args.cmd));
      return { output: 'ok', exitCode: 0, aggregatedOutput: 'ok', command: ['bash', '-lc', String(args.cmd)], durationMs: 1 };
    },
    writeStdin: async () => ({ output: '', exitCode: 0, aggregatedOutput: '', command: [], durationMs: 0 }),
    close: () => {},
  };
  const router = createToolRouter({ writableRoots: ['/ws'], sandboxed: true, commands, interactive: true, policy: { approval, sandbox: 'workspace-write' } });
  const ctx: ToolContext = {
    cwd: '/ws',
    emit: () => {},
    record: () => {},
    nextItemId: () => 'item_0',
    requestApproval: async (req) => {
      asked.push(req);
      return answers.shift() ?? 'deny';
    },
  };
  const call = (cmd: string, escalated = true) =>
    router.handle({ type: 'function_call', name: 'exec_command', call_id: `c_${cmd}`, arguments: JSON.stringify({ cmd, ...(escalated ? { sandbox_permissions: 'require_escalated', justification: 'needs it' } : {}) }) }, ctx);
  return { call, ran, asked };
}

describe('commands that need approval', () => {
  it('wait for the person under on-request, and run once approved', async () => {
    const t = setup('on-request', ['approve']);
    await t.call('touch ../x');
    expect(t.asked).toEqual([{ kind: 'command', command: 'touch ../x', cwd: '/ws', reason: 'needs it', prefix: ['touch', '../x'] }]);
    expect(t.ran).toEqual(['touch ../x']);
  });

  it('in a line of several commands, "don\'t ask again" proposes the first that does more than read (as upstream)', async () => {
    const t = setup('on-request', ['approve', 'approve']);
    await t.call('touch marker && echo created');
    await t.call('echo a && echo b');
    expect(t.asked.map((a) => a.prefix)).toEqual([['touch', 'marker'], undefined]);
  });

  it('do not run when the person says no, and the model is told', async () => {
    const t = setup('on-request', ['deny']);
    const out = await t.call('rm -rf ../y');
    expect(t.ran).toEqual([]);
    expect(out).toMatchObject({ type: 'function_call_output', output: REJECTED_BY_USER });
  });

  it('are not asked about again once approved for the session by prefix', async () => {
    const t = setup('on-request', ['approve-for-session']);
    await t.call('git push');
    await t.call('git push --tags');
    expect(t.asked).toHaveLength(1);
    expect(t.ran).toEqual(['git push', 'git push --tags']);
  });

  it('sandboxed commands under on-request run without a question', async () => {
    const t = setup('on-request', []);
    await t.call('ls', false);
    expect(t.asked).toEqual([]);
    expect(t.ran).toEqual(['ls']);
  });

  it('under untrusted, commands that may write are asked about, ones that only read are not', async () => {
    const t = setup('untrusted', ['approve']);
    await t.call('ls -la', false);
    expect(t.asked).toEqual([]);
    await t.call('make build', false);
    expect(t.asked).toHaveLength(1);
    expect(t.ran).toEqual(['ls -la', 'make build']);
  });
});
