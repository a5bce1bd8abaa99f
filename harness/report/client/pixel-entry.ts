// The renderer alone, for the pixel-diff page that pixels.ts opens in headless Chromium.
import { renderPair } from './render.ts';

(window as unknown as { labRenderPair: typeof renderPair }).labRenderPair = renderPair;
