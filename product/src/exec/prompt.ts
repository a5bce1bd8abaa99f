// How exec assembles the prompt from its argument and piped stdin (upstream's rules):
// - no prompt or `-`: stdin is the prompt ("Reading prompt from stdin...");
// - a prompt and a non-TTY stdin: stdin, when not empty, is appended in a <stdin> block
//   ("Reading additional input from stdin...");
// - resuming with a prompt does not read stdin.
export interface PromptSource {
  arg: string | undefined;
  stdinIsTty: boolean;
  readStdin: () => Promise<string>;
  resume?: boolean;
}

export class PromptError extends Error {}

export async function resolvePrompt(src: PromptSource, notice: (line: string) => void): Promise<string | null> {
  const fromStdin = src.arg === undefined || src.arg === '-';
  if (fromStdin) {
    if (src.resume && src.arg === undefined) return null;
    if (src.stdinIsTty) throw new PromptError('No prompt provided. Either specify one as an argument or pipe the prompt into stdin.');
    notice('Reading prompt from stdin...');
    const text = await src.readStdin();
    if (!text.trim()) throw new PromptError('No prompt provided via stdin.');
    return text;
  }
  if (src.stdinIsTty || src.resume) return src.arg!;
  notice('Reading additional input from stdin...');
  const extra = await src.readStdin();
  if (!extra.trim()) return src.arg!;
  return `${src.arg}\n\n<stdin>\n${extra.endsWith('\n') ? extra : extra + '\n'}</stdin>`;
}

export function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}
