// Shared by the browser tests and the playground benchmark: builds the playground, serves the built
// folder from 127.0.0.1 the way any static host would, and starts headless Chromium through
// playwright-core (Debian's chromium package; the tests skip when it is missing).
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';

export const repoRoot = resolve(import.meta.dirname, '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Why the browser tests cannot run here, or null when they can. */
export function browserSkipReason(): string | null {
  if (!existsSync(CHROMIUM)) {
    return `Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH); browser tests skipped`;
  }
  try {
    import.meta.resolve('playwright-core');
  } catch {
    return 'playwright-core is not installed (npm install); browser tests skipped';
  }
  return null;
}

/** Builds the playground into a fresh temporary folder and returns it. */
export async function buildPlayground(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'torchlet-playground-'));
  const { build } = await import('vite');
  await build({
    configFile: join(repoRoot, 'playground/vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `dir` as a plain static host does: files by path, index.html for folders. */
export async function serveStatic(dir: string): Promise<StaticServer> {
  const root = resolve(dir);
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** Collects what a page reports as errors: console errors and uncaught exceptions, the page's and its workers'. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('worker', (w) => w.on('console', (m: ConsoleMessage) => m.type() === 'error' && errors.push(`worker: ${m.text()}`)));
  return errors;
}

/** Clicks Run and waits until the program has finished (or failed); returns the final status. */
export async function runProgram(page: Page, timeoutMs = 120_000): Promise<string> {
  await page.click('#run');
  await page.waitForFunction(() => document.body.dataset.status !== 'running', null, { timeout: timeoutMs, polling: 50 });
  return (await page.getAttribute('body', 'data-status')) ?? '';
}

/** The text the program printed, as it appears in the output panel. */
export function outputText(page: Page): Promise<string> {
  return page.locator('#output').evaluate((el) => el.textContent ?? '');
}

/** Replaces the program in the editor, as typing would. */
export async function setProgram(page: Page, source: string): Promise<void> {
  await page.locator('#code').fill(source);
}
