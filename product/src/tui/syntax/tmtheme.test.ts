import { describe, expect, it } from 'vitest';
import { parsePlist, tmThemeToData } from './tmtheme.ts';

const SCHEME = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>name</key><string>Sample &amp; Co</string>
  <!-- a comment the parser skips -->
  <key>settings</key>
  <array>
    <dict><key>settings</key><dict><key>foreground</key><string>#d0c8c6</string><key>background</key><string>#3B3228</string><key>caret</key><string>#fff</string></dict></dict>
    <dict><key>name</key><string>Keywords</string><key>scope</key><string> keyword, storage </string>
      <key>settings</key><dict><key>foreground</key><string>#a89bb9</string><key>fontStyle</key><string>bold</string></dict></dict>
    <dict><key>scope</key><string>comment</string><key>settings</key><dict><key>foreground</key><string>#abc</string></dict></dict>
    <dict><key>scope</key><string>nothing.set</string><key>settings</key><dict><key>caret</key><string>#fff</string></dict></dict>
    <dict><key>scope</key><string>markup.deleted</string><key>settings</key><dict><key>foreground</key><string>#FF5F5F</string><key>background</key><string>#00000001</string></dict></dict>
  </array>
  <key>uuid</key><string>x</string>
  <key>semanticClass</key><true/>
</dict>
</plist>`;

describe('a .tmTheme read as theme data', () => {
  it('parses the property list: dicts, arrays, strings with entities, booleans; comments skipped', () => {
    const root = parsePlist(SCHEME) as Record<string, unknown>;
    expect(root.name).toBe('Sample & Co');
    expect(root.semanticClass).toBe(true);
    expect((root.settings as unknown[]).length).toBe(5);
  });

  it('keeps the default colours first and each scope rule with its colours and font style, upper-cased, short colours expanded', () => {
    const data = tmThemeToData(SCHEME, 'sample');
    expect(data.name).toBe('sample');
    expect(data.settings).toEqual([
      { settings: { foreground: '#D0C8C6', background: '#3B3228' } },
      { scope: 'keyword, storage', settings: { foreground: '#A89BB9', fontStyle: 'bold' } },
      { scope: 'comment', settings: { foreground: '#AABBCC' } },
      { scope: 'markup.deleted', settings: { foreground: '#FF5F5F', background: '#00000001' } },
    ]);
  });

  it('is dark or light by its background, or by its text colour when it leaves the background to the terminal', () => {
    expect(tmThemeToData(SCHEME, 'x').type).toBe('dark');
    expect(tmThemeToData(SCHEME.replace('#3B3228', '#FDF6E3'), 'x').type).toBe('light');
    const noBackground = SCHEME.replace('<key>background</key><string>#3B3228</string>', '');
    expect(tmThemeToData(noBackground, 'x').type).toBe('dark');
    expect(tmThemeToData(noBackground.replace('#d0c8c6', '#444444'), 'x').type).toBe('light');
  });

  it('refuses a file that is not a colour scheme', () => {
    expect(() => tmThemeToData('<plist version="1.0"><dict><key>name</key><string>x</string></dict></plist>', 'x')).toThrow(/not a colour scheme/);
  });
});
