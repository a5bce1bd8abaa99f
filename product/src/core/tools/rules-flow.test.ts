// Exec-policy rules applied by the tool router before the sandbox and approval decision (lab:
// exec-rules-forbidden, tui-approval-dont-ask-again).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeWorkspace } from '#test-support/workspace';
import type { ApprovalDecision, ApprovalRequest, ModelNote, ToolContext } from '../agent/tools.ts';
import { parseRules } from './exec/rules.ts';
import { createToolRouter, type CommandTools } from './router.ts';

function setup(rulesText: string, answers: ApprovalDecision[], interactive = true) {
  const codexHome = makeWorkspace('csm-rules-flow-').root;
  const ran: string[] = [];
  const asked: ApprovalRequest[] = [];
  const errors: string[] = [];
  const notes: ModelNote[] = [];
  const commands: CommandTools = {
    specs: [],
    execCommand: async (args) => {
      ran.push(String(args.cmd));
      return { output: 'ok', exitCode: 0, aggregatedOutput: 'ok', command: ['bash', '-lc', String(args.cmd)], durationMs: 1 };
    },
    writeStdin: async () => ({ output: '', exitCode: 0, aggregatedOutput: '', command: [], durationMs: 0 }),
    close: () => {},
  };
  const router = createToolRouter({
    writableRoots: ['/ws'],
    sandboxed: true,
    commands,
    interactive,
    policy: { approval: interactive ? 'on-request' : 'never', sandbox: 'workspace-write' },
    rules: { list: parseRules(rulesText, path.join(codexHome, 'rules', 'default.rules')), codexHome },
    onToolError: (m) => errors.push(m),
  });
  const ctx: ToolContext = {
    cwd: '/ws',
    emit: () => {},
    record: () => {},
    nextItemId: () => 'item_0',
    noteForModel: (n) => notes.push(n),
    ...(interactive ? { requestApproval: async (req: ApprovalRequest) => (asked.push(req), answers.shift() ?? 'deny') } : {}),
  };
  const call = (cmd: string, extra: Record<string, unknown> = {}) =>
    router.handle({ type: 'function_call', name: 'exec_command', call_id: 'c', arguments: JSON.stringify({ cmd, ...extra }) }, ctx);
  return { call, ran, asked, errors, codexHome, notes };
}

const escalated = { sandbox_permissions: 'require_escalated', justification: 'needs it' };

describe('rules before the sandbox and the approval decision', () => {
  it("forbidden: nothing runs, the model gets upstream's refusal with the rule's justification, exec logs it", async () => {
    const t = setup('prefix_rule(pattern=["rm"], decision="forbidden", justification="deleting files is not allowed here")', [], false);
    const out = await t.call('rm notes.txt');
    const message = 'exec_command failed: CreateProcess { message: "Rejected(\\"`/bin/bash -lc \'rm notes.txt\'` rejected: deleting files is not allowed here\\")" }';
    expect(out).toMatchObject({ output: message });
    expect(t.ran).toEqual([]);
    expect(t.errors).toEqual([message]);
  });

  it('prompt: asks even for a sandboxed command; allow: an escalated command runs without a question', async () => {
    const t = setup('prefix_rule(pattern=["make"], decision="prompt")\nprefix_rule(pattern=["touch"], decision="allow")', ['approve']);
    await t.call('make build');
    await t.call('touch ../x', escalated);
    expect(t.asked.map((a) => a.command)).toEqual(['make build']);
    expect(t.ran).toEqual(['make build', 'touch ../x']);
  });

  it('"don\'t ask again" saves the model\'s prefix_rule as an allow rule in default.rules and holds at once', async () => {
    const t = setup('', ['approve-for-session']);
    await t.call('touch ../outside.txt', { ...escalated, prefix_rule: ['touch'] });
    await t.call('touch ../other.txt', escalated);
    expect(t.asked).toHaveLength(1);
    expect(t.asked[0].prefix).toEqual(['touch']);
    expect(t.ran).toEqual(['touch ../outside.txt', 'touch ../other.txt']);
    expect(readFileSync(path.join(t.codexHome, 'rules', 'default.rules'), 'utf8')).toBe('prefix_rule(pattern=["touch"], decision="allow")\n');
  });

  it('tells the model each saved prefix, with every prefix saved so far for its world state, and only once per prefix', async () => {
    const t = setup('', ['approve-for-session', 'approve-for-session']);
    await t.call('touch ../a', { ...escalated, prefix_rule: ['touch'] });
    await t.call('touch ../b', escalated);
    await t.call('mkdir ../c', { ...escalated, prefix_rule: ['mkdir'] });
    expect(t.notes.map((n) => n.worldState)).toEqual([
      { permissions: { approved_command_prefixes: [['touch']] } },
      { permissions: { approved_command_prefixes: [['touch'], ['mkdir']] } },
    ]);
    expect(t.notes[1].text).toContain('["mkdir"]');
  });

  it('says nothing to the model for a one-time approval', async () => {
    const t = setup('', ['approve']);
    await t.call('touch ../a', { ...escalated, prefix_rule: ['touch'] });
    expect(t.notes).toEqual([]);
  });
});
