// TensorFlow.js for the comparison benchmark (bench/tfjs.mjs). It is not a dependency of torchlet:
// the first time it is needed it is installed with npm into bench/.scratch/tfjs (ignored by git),
// pinned to the version the reference figures were measured with. The wasm backend's package holds
// the .wasm binaries the benchmark points it at.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const TFJS_VERSION = '4.22.0';
const PREFIX = join(here, '.scratch', 'tfjs');
const PACKAGES = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'];

const packageDir = (name) => join(PREFIX, 'node_modules', ...name.split('/'));
const installed = () => PACKAGES.every((p) => existsSync(join(packageDir(p), 'package.json')));

/**
 * Installs TF.js once; returns the node_modules folder holding it, or { error } saying why it is not
 * there (no npm, no network...), so a caller can leave TF.js out instead of failing.
 */
export function ensureTfjs() {
  if (installed()) return { nodeModules: join(PREFIX, 'node_modules') };
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--prefix', PREFIX, '--no-save', '--no-audit', '--no-fund', '--loglevel=error',
    ...PACKAGES.map((p) => `${p}@${TFJS_VERSION}`)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) return { error: `npm could not start: ${r.error.message}` };
  if (r.status !== 0 || !installed()) {
    const why = (r.stderr || r.stdout || '').split('\n').map((l) => l.trim()).find((l) => /ERR!|error/i.test(l));
    return { error: `npm install of TensorFlow.js ${TFJS_VERSION} failed${why ? `: ${why}` : ` (exit ${r.status})`}` };
  }
  return { nodeModules: join(PREFIX, 'node_modules') };
}

// `node bench/tfjs_install.mjs` installs it ahead of a run and prints where (or why not).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = ensureTfjs();
  if (r.error) {
    console.error(r.error);
    process.exit(1);
  }
  console.log(r.nodeModules);
}
