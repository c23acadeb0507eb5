// Environment for timing Debian's python3-torch with OpenBLAS instead of the reference BLAS it links
// by default (about 6 GFLOP/s, 30x slower). Debian's libopenblas0-openmp is unpacked into
// bench/.scratch (apt-get download + dpkg -x) so the system's BLAS alternative stays untouched; the
// OpenMP build shares torch's thread pool, so torch.set_num_threads governs the BLAS threads too.
// OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE (set in this workplace's shell) are removed so OpenBLAS picks
// its kernels and blocking from cpuid.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const SCRATCH = join(here, '.scratch', 'openblas');
const LIBDIR = join(SCRATCH, 'usr', 'lib', 'x86_64-linux-gnu', 'openblas-openmp');

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  return r.status === 0;
}

/** Unpacks OpenBLAS once; returns its library folder, or null (then torch keeps its default BLAS). */
export function openblasDir() {
  if (existsSync(join(LIBDIR, 'libblas.so.3'))) return LIBDIR;
  const tmp = mkdtempSync(join(tmpdir(), 'openblas-'));
  try {
    const got = run('apt-get', ['download', 'libopenblas0-openmp'], tmp)
      || (run('apt-get', ['update'], tmp) && run('apt-get', ['download', 'libopenblas0-openmp'], tmp));
    const deb = got && readdirSync(tmp).find((f) => f.endsWith('.deb'));
    if (!deb) return null;
    mkdirSync(SCRATCH, { recursive: true });
    if (!run('dpkg', ['-x', join(tmp, deb), SCRATCH], tmp)) return null;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return existsSync(join(LIBDIR, 'libblas.so.3')) ? LIBDIR : null;
}

/** process.env for a python3-torch run on OpenBLAS (or the unchanged env when it is unavailable). */
export function torchEnv() {
  const env = { ...process.env };
  const dir = process.platform === 'linux' ? openblasDir() : null;
  if (dir) {
    env.LD_LIBRARY_PATH = env.LD_LIBRARY_PATH ? `${dir}:${env.LD_LIBRARY_PATH}` : dir;
    delete env.OPENBLAS_CORETYPE;
    delete env.OPENBLAS_L2_SIZE;
    delete env.OPENBLAS_NUM_THREADS;
    delete env.OMP_NUM_THREADS;
  }
  return env;
}

// `node bench/openblas_env.mjs` prints the folder (handy for a shell: LD_LIBRARY_PATH=$(node ...)).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) console.log(openblasDir() ?? '');
