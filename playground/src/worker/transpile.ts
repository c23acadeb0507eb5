// Turns the TypeScript in the editor into a function the worker can call. Sucrase strips the types
// and turns imports into require() calls, keeping every statement on its original line, so a line in
// an error's stack is a line in the editor.
import { transform } from 'sucrase';
import type { ProgramError } from '../protocol.js';

/** What a program is compiled to: call it with the page's require, console and hooks. */
export type ProgramFunction = (
  require: (spec: string) => unknown,
  exports: object,
  module: { exports: object },
  console: Console,
  process: PageProcess,
  playground: { expose(getters: Record<string, () => unknown>): void },
) => Promise<void>;

/** What a program sees as `process`: no arguments and no environment, as a script run bare. */
export interface PageProcess {
  argv: string[];
  env: Record<string, string | undefined>;
  platform: string;
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

// Names bound by a destructuring pattern such as `{ nn, optim: o }` or `[a, , ...rest]`.
function patternNames(pattern: string): string[] {
  return pattern
    .slice(1, -1)
    .split(',')
    .map((part) => {
      let name = part.trim().replace(/^\.\.\./, '');
      if (name.includes(':')) name = name.slice(name.indexOf(':') + 1);
      return name.replace(/=.*$/s, '').trim();
    })
    .filter((n) => IDENT.test(n));
}

/**
 * The variables a program declares at its top level (unindented `const`/`let`/`var`), which the page
 * offers for "download weights" when they hold models. Reading them later never fails: a binding
 * the program did not reach yet reads as undefined.
 */
export function topLevelNames(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/^(?:export\s+)?(?:const|let|var)\s+(\{[^}]*\}|\[[^\]]*\]|[A-Za-z_$][\w$]*)/gm)) {
    const binding = m[1]!;
    for (const n of binding.startsWith('{') || binding.startsWith('[') ? patternNames(binding) : [binding]) names.add(n);
  }
  return [...names];
}

function syntaxError(e: unknown): ProgramError {
  const err = e as Error & { loc?: { line: number; column: number } };
  const message = String(err?.message ?? e).replace(/\s*\(\d+:\d+\)$/, '');
  return {
    kind: 'syntax',
    name: 'SyntaxError',
    message,
    line: err?.loc ? err.loc.line : null,
    column: err?.loc ? err.loc.column + 1 : null,
    stack: '',
  };
}

/** Compiles a program, or says where its syntax is wrong. */
export function compile(source: string, filename: string): { ok: true; run: ProgramFunction } | { ok: false; error: ProgramError } {
  let code: string;
  try {
    code = transform(source, { transforms: ['typescript', 'imports'], filePath: filename, disableESTransforms: true }).code;
  } catch (e) {
    return { ok: false, error: syntaxError(e) };
  }
  const getters = topLevelNames(source)
    .map((n) => `${n}: () => { try { return ${n}; } catch { return undefined; } }`)
    .join(', ');
  // Everything added before the program's first line stays on line 1, so line numbers are kept.
  const wrapped =
    `(async function (require, exports, module, console, process, __playground) {"use strict"; __playground.expose({ ${getters} }); ` +
    `${code}\n})\n//# sourceURL=${filename}`;
  try {
    return { ok: true, run: (0, eval)(wrapped) as ProgramFunction };
  } catch (e) {
    // What sucrase lets through but the engine refuses (a name declared twice, say).
    const err = e as Error;
    return { ok: false, error: { kind: 'syntax', name: err.name, message: err.message, line: null, column: null, stack: '' } };
  }
}

/** Where in the program (not in the library under it) an error was thrown, from its stack. */
export function locate(e: unknown, filename: string): ProgramError {
  const err = e instanceof Error ? e : null;
  const stack = err && typeof err.stack === 'string' ? err.stack : '';
  const escaped = filename.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(stack);
  return {
    kind: 'runtime',
    name: err ? err.name : 'Error',
    message: err ? err.message : `Uncaught ${String(e)}`,
    line: m ? Number(m[1]) : null,
    column: m ? Number(m[2]) : null,
    stack,
  };
}
