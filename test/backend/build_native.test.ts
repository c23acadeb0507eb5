// The install step must never fail: without a C compiler the build script prints one line, exits 0,
// and torchlet runs on its portable kernels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');

test('the native build exits 0 and builds nothing when no compiler is on PATH', () => {
  const out = mkdtempSync(join(tmpdir(), 'torchlet-native-'));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: '' };
    delete env.CC;
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-native.mjs'), '--out', out, '--force'], { env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(lines[0], /not built \(no C compiler found/);
    const addon = join(out, 'torchlet_native.node');
    assert.equal(existsSync(addon), false);

    // With no library where the loader looks, the portable tier is chosen.
    const probe = spawnSync(
      process.execPath,
      ['--import', 'tsx', '-e', `import('./src/backend/tier.ts').then((m) => console.log(m.getKernelTier(), m.availableKernelTiers().join(',')))`],
      { cwd: root, env: { ...process.env, TORCHLET_NATIVE_PATH: addon, TORCHLET_KERNEL_TIER: '' }, encoding: 'utf8' },
    );
    assert.equal(probe.status, 0, probe.stderr);
    const [tier, available] = probe.stdout.trim().split(' ');
    assert.notEqual(tier, 'native');
    assert.ok(!available.split(',').includes('native'));
    assert.ok(available.split(',').includes('js'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
