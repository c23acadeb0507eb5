#!/usr/bin/env node
// `npx torchlet`: an interactive console with torch, nn, F and optim in scope (the tutorial's first
// section tries things in Python's REPL; this is the same for torchlet). Tensors and modules print in
// PyTorch's format; top-level await, tab completion and history come with Node's REPL.
//
// The REPL evaluates in this process's own global context: objects typed at the prompt (arrays,
// typed arrays, options objects) then come from the same realm as torchlet's, so its type checks
// see them for what they are. TORCHLET_REPL_TERMINAL=1 (or 0) forces line editing and completion on
// (or off) when stdin is not a terminal.
import repl from 'node:repl';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The built package, or, in a checkout that was not built yet, its TypeScript source through tsx. */
async function loadTorchlet() {
  const built = new URL('../dist/index.js', import.meta.url);
  if (existsSync(built)) return import(built.href);
  const source = new URL('../src/index.ts', import.meta.url);
  if (existsSync(source)) {
    try {
      const { register } = await import('tsx/esm/api');
      register();
      return await import(source.href);
    } catch (e) {
      if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
    }
  }
  console.error('torchlet is not built: run `npm run build` in the package folder first');
  process.exit(1);
}

const torch = await loadTorchlet();
const forced = process.env.TORCHLET_REPL_TERMINAL;
const terminal = forced === '1' ? true : forced === '0' ? false : undefined;

console.log(
  `torchlet ${torch.version} on Node ${process.versions.node}: torch, nn, F and optim are in scope ` +
    '(try torch.config.show()); .help for commands, .exit to quit.',
);
const server = repl.start({ prompt: '>>> ', useGlobal: true, preview: true, terminal });
Object.assign(server.context, { torch, nn: torch.nn, F: torch.nn.functional, optim: torch.optim });
if (server.terminal && process.env.TORCHLET_REPL_HISTORY !== '') {
  server.setupHistory(process.env.TORCHLET_REPL_HISTORY ?? join(homedir(), '.torchlet_repl_history'), () => {});
}
