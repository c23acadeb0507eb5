#!/usr/bin/env node
// `npx torchlet`: an interactive console with torch, nn, F and optim in scope (the tutorial's first
// section tries things in Python's REPL; this is the same for torchlet). Tensors and modules print in
// PyTorch's format; top-level await and tab completion come with Node's REPL.
import repl from 'node:repl';
import * as torch from '../dist/index.js';

console.log(`torchlet ${torch.version} on Node ${process.versions.node} — torch, nn, F, optim are in scope. .exit to quit.`);
const server = repl.start({ prompt: '>>> ', useGlobal: false, preview: true });
Object.assign(server.context, {
  torch,
  nn: torch.nn,
  F: torch.nn?.functional,
  optim: torch.optim,
});
