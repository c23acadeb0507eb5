// Runs an example program the way a user does (`npx tsx examples/NAME.ts`, resolving 'torchlet' to the
// built package) in a scratch working directory, and returns what it printed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '..', '..');

export interface ExampleRun {
  stdout: string;
  stderr: string;
  status: number | null;
  cwd: string;
}

export function runExample(name: string, timeoutMs = 120_000): ExampleRun {
  const cwd = mkdtempSync(join(tmpdir(), 'torchlet-example-'));
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(repoRoot, 'examples', `${name}.ts`)], {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status, cwd };
}
