// The dashboard's browser code (client/*.ts) bundled by esbuild into one classic script, once per process.
import { buildSync } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const cache = new Map<string, string>();

function bundle(entry: string): string {
  let js = cache.get(entry);
  if (js === undefined) {
    const out = buildSync({
      entryPoints: [path.join(here, 'client', entry)],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'chrome110',
      charset: 'utf8',
      legalComments: 'none',
      logLevel: 'silent',
    });
    js = out.outputFiles[0].text;
    cache.set(entry, js);
  }
  return js;
}

/** The dashboard app (reads window.LAB_REPORT). */
export const appScript = () => bundle('app.ts');
/** Only the frame renderer: window.labRenderPair(golden, actual). */
export const pixelScript = () => bundle('pixel-entry.ts');
