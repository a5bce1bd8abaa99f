// Writes ./themes/NAME.json from the public colour schemes upstream 0.171.0 bundles under those names
// (bat's and syntect's `.tmTheme` files, and the six Codex schemes as its binary carries them), each
// file naming its source and licence. Run by hand when a source changes:
//   npx tsx product/src/tui/syntax/convert-themes.ts DIR   (DIR holds the source files named below)
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmThemeToData } from './tmtheme.ts';

/** theme name → [file in DIR, where it comes from, its licence] */
export const SOURCES: Record<string, [string, string, string]> = {
  '1337': ['1337.tmTheme', 'github.com/MarkMichos/1337-Scheme (bundled by bat)', 'MIT, Copyright (c) 2017 Mark Herpich'],
  ansi: ['ansi.tmTheme', 'github.com/sharkdp/bat assets/themes/ansi.tmTheme', 'MIT or Apache-2.0, bat developers'],
  base16: ['base16.tmTheme', 'github.com/sharkdp/bat assets/themes/base16.tmTheme', 'MIT or Apache-2.0, bat developers'],
  'base16-256': ['base16-256.tmTheme', 'github.com/sharkdp/bat assets/themes/base16-256.tmTheme', 'MIT or Apache-2.0, bat developers'],
  'base16-eighties-dark': ['base16-eighties.dark.tmTheme', 'github.com/SublimeText/Spacegray (the scheme syntect bundles)', 'MIT, Sublime Text Packages / Chris Kempson (base16)'],
  'base16-mocha-dark': ['base16-mocha.dark.tmTheme', 'github.com/SublimeText/Spacegray (the scheme syntect bundles)', 'MIT, Sublime Text Packages / Chris Kempson (base16)'],
  'base16-ocean-dark': ['base16-ocean.dark.tmTheme', 'github.com/SublimeText/Spacegray (the scheme syntect bundles)', 'MIT, Sublime Text Packages / Chris Kempson (base16)'],
  'base16-ocean-light': ['base16-ocean.light.tmTheme', 'github.com/SublimeText/Spacegray (the scheme syntect bundles)', 'MIT, Sublime Text Packages / Chris Kempson (base16)'],
  'coldark-cold': ['Coldark-Cold.tmTheme', 'github.com/ArmandPhilippot/coldark-bat (bundled by bat)', 'MIT, Copyright (c) 2020 Armand Philippot'],
  'coldark-dark': ['Coldark-Dark.tmTheme', 'github.com/ArmandPhilippot/coldark-bat (bundled by bat)', 'MIT, Copyright (c) 2020 Armand Philippot'],
  'dark-neon': ['DarkNeon.tmTheme', 'github.com/RainyDayMedia/DarkNeon (bundled by bat)', 'CC BY-SA 3.0, Rainy Day Media (this file is shared under the same licence)'],
  github: ['GitHub.tmTheme', 'github.com/AlexanderEkdahl/github-sublime-theme (bundled by bat)', 'WTFPL'],
  'gruvbox-dark': ['gruvbox (Dark) (Medium).tmTheme', 'github.com/subnut/gruvbox-tmTheme (bundled by bat)', 'MIT, Copyright (c) 2020 Subhaditya Nath'],
  'gruvbox-light': ['gruvbox (Light) (Medium).tmTheme', 'github.com/subnut/gruvbox-tmTheme (bundled by bat)', 'MIT, Copyright (c) 2020 Subhaditya Nath'],
  'inspired-github': ['InspiredGitHub.tmTheme', 'github.com/sethlopezme/InspiredGitHub.tmtheme (the scheme syntect bundles)', 'MIT, Copyright (c) 2015 Seth Lopez'],
  'monokai-extended': ['Monokai Extended.tmTheme', 'github.com/jonschlinkert/sublime-monokai-extended (bundled by bat)', 'MIT, Copyright (c) 2013-2016 Jon Schlinkert'],
  'monokai-extended-bright': ['Monokai Extended Bright.tmTheme', 'github.com/jonschlinkert/sublime-monokai-extended (bundled by bat)', 'MIT, Copyright (c) 2013-2016 Jon Schlinkert'],
  'monokai-extended-light': ['Monokai Extended Light.tmTheme', 'github.com/jonschlinkert/sublime-monokai-extended (bundled by bat)', 'MIT, Copyright (c) 2013-2016 Jon Schlinkert'],
  'monokai-extended-origin': ['Monokai Extended Origin.tmTheme', 'github.com/jonschlinkert/sublime-monokai-extended (bundled by bat)', 'MIT, Copyright (c) 2013-2016 Jon Schlinkert'],
  'one-half-dark': ['OneHalfDark.tmTheme', 'github.com/sonph/onehalf sublimetext/ (bundled by bat)', 'MIT, Copyright (c) 2016 Son A. Pham'],
  'one-half-light': ['OneHalfLight.tmTheme', 'github.com/sonph/onehalf sublimetext/ (bundled by bat)', 'MIT, Copyright (c) 2016 Son A. Pham'],
  'sublime-snazzy': ['Sublime Snazzy.tmTheme', 'github.com/greggb/sublime-snazzy (bundled by bat)', 'MIT, Copyright (c) greggb'],
  'two-dark': ['TwoDark.tmTheme', 'github.com/erremauro/TwoDark (bundled by bat)', 'MIT, Copyright (c) 2013 Gadzhi Kharkharov'],
  zenburn: ['zenburn.tmTheme', 'github.com/colinta/zenburn (bundled by bat)', 'BSD-style, Copyright (c) 2014 Colin T.A. Gray'],
  ada: ['ada.tmTheme', 'Codex 0.171.0 (github.com/openai/codex), the colour values its binary ships', 'Apache-2.0, OpenAI'],
  babbage: ['babbage.tmTheme', 'Codex 0.171.0 (github.com/openai/codex), the colour values its binary ships', 'Apache-2.0, OpenAI'],
  curie: ['curie.tmTheme', 'Codex 0.171.0 (github.com/openai/codex), the colour values its binary ships', 'Apache-2.0, OpenAI'],
  cushman: ['cushman.tmTheme', 'Codex 0.171.0 (github.com/openai/codex), the colour values its binary ships', 'Apache-2.0, OpenAI'],
  dali: ['dali.tmTheme', 'Codex 0.171.0 (github.com/openai/codex), the colour values its binary ships', 'Apache-2.0, OpenAI'],
  davinci: ['davinci.tmTheme', 'Codex 0.171.0 (github.com/openai/codex), the colour values its binary ships', 'Apache-2.0, OpenAI'],
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: convert-themes.ts DIR');
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'themes');
  for (const [name, [file, source, licence]] of Object.entries(SOURCES)) {
    const data = tmThemeToData(readFileSync(path.join(dir, file), 'utf8'), name);
    // One rule a line: small, and a change to a source reads as a small diff.
    const head = JSON.stringify({ _source: source, _licence: licence, name: data.name, type: data.type }).slice(0, -1);
    writeFileSync(path.join(out, `${name}.json`), `${head},\n"settings": [\n${data.settings.map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`);
  }
}
