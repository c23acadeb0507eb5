/**
 * The float32 block fill of avx2-normal-f32.ts, run by the native addon when it has it
 * (native/libm.c's port of the same steps, bit for bit: plain float32 arithmetic plus explicit
 * fused steps, no libm). Unlike the float64 samplers this does not depend on the platform's C
 * library, so it is used wherever the addon loads.
 */
import { nativeKernels } from '../backend/native.js';

export interface NativeNormalF32 {
  /** Transforms `blocks` blocks of 16 float32 uniforms from data[offset] in place; `portable` forces the variant without the FMA instruction. */
  normalF32Blocks(data: Float32Array, offset: number, blocks: number, mean32: number, std32: number, portable?: boolean): void;
}

let detected: NativeNormalF32 | null | undefined;
let forcedOff = false;

/** The native block fill, or null to run the TypeScript one. */
export function nativeNormalF32(): NativeNormalF32 | null {
  if (forcedOff) return null;
  if (detected === undefined) detected = nativeKernels<NativeNormalF32>(['normalF32Blocks']);
  return detected;
}

/** Internal switch (tests, comparisons): false runs the TypeScript fill. Returns the previous setting. */
export function setNativeNormalF32Enabled(enabled: boolean): boolean {
  const was = !forcedOff;
  forcedOff = !enabled;
  return was;
}
