// `csm debug models` and `csm debug prompt-input`: what csm would use and send, for looking inside.
import path from 'node:path';
import { ConfigError, loadConfig, resolveCodexHome, type ResolvedConfig } from '../core/config/index.ts';
import { BASE_INSTRUCTIONS, permissionsText } from '../core/agent/instructions.ts';
import { developerMessage, userMessage } from '../core/agent/items.ts';
import { contextMessage, writableRoots } from '../runtime/open-thread.ts';

interface ConfigArgs {
  config?: string[];
  enable?: string[];
  disable?: string[];
}

function config(o: ConfigArgs): ResolvedConfig | null {
  try {
    return loadConfig({ codexHome: resolveCodexHome(), cwd: path.resolve(process.cwd()), overrides: o.config, enable: o.enable, disable: o.disable });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`Error loading config.toml: ${e.message}\n`);
    return null;
  }
}

/** csm has no model catalog: it lists the model the config selects, on its provider. */
export async function modelsCommand(o: ConfigArgs = {}): Promise<number> {
  const cfg = config(o);
  if (!cfg) return 1;
  const model = { slug: cfg.model, display_name: cfg.model, provider: cfg.modelProviderId, default_reasoning_level: cfg.modelReasoningEffort ?? 'medium', context_window: 258400 };
  process.stdout.write(JSON.stringify({ models: [model] }) + '\n');
  return 0;
}

/** The input items of a new thread's first request for PROMPT: instructions, permissions, context, the prompt. */
export async function promptInputCommand(prompt: string | undefined, o: ConfigArgs & { image?: string[] }): Promise<number> {
  if (o.image?.length) {
    process.stderr.write('Error: --image is not supported by csm debug prompt-input\n');
    return 2;
  }
  const cfg = config(o);
  if (!cfg) return 1;
  const codexHome = resolveCodexHome();
  const items = [
    developerMessage(BASE_INSTRUCTIONS),
    developerMessage(permissionsText(cfg.sandboxMode, cfg.approvalPolicy, writableRoots(cfg, []))),
    contextMessage(cfg.cwd, codexHome, cfg),
    ...(prompt ? [userMessage(prompt)] : []),
  ];
  process.stdout.write(JSON.stringify(items, null, 2) + '\n');
  return 0;
}
