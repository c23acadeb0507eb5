// Regenerates docs/playground-regression.png: the playground's regression section after it trained,
// in headless Chromium (see test/browser/harness.ts). Usage: node scripts/screenshot_playground.mjs [--dist folder]
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { register } from 'tsx/esm/api';

register();
const h = await import('../test/browser/harness.ts');
const skip = h.browserSkipReason();
if (skip) {
  console.error(skip.replace('browser tests skipped', 'no screenshot'));
  process.exit(1);
}
const i = process.argv.indexOf('--dist');
const dist = i >= 0 ? process.argv[i + 1] : await h.buildPlayground();
const server = await h.serveStatic(dist);
const browser = await h.launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
  await page.goto(`${server.url}#regression`);
  await page.waitForSelector('#code');
  await page.waitForTimeout(1500);
  const status = await h.runProgram(page);
  if (status !== 'done') throw new Error(`the regression section ended with status ${status}`);
  await page.locator('#run').blur();
  mkdirSync(join(h.repoRoot, 'docs'), { recursive: true });
  const file = join(h.repoRoot, 'docs/playground-regression.png');
  await page.screenshot({ path: file });
  console.log(`wrote ${file}`);
} finally {
  await browser.close();
  await server.close();
}
