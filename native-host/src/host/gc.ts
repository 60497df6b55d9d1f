/**
 * A full garbage collection, on request. The host answers one frame at a time, but V8 collects lazily: 60 frames of
 * 8 MiB answered one after the other would each leave their buffer and strings behind until the heap is big enough
 * to bother. After a large frame the serving loop collects at once, so the host's memory stays near its idle size
 * whatever a caller queues (issue 12; scripts/bench/host-memory.ts measures it). `--expose-gc` set at run time, then
 * the `gc` of a fresh context: the documented way to get it without a command-line flag (the browser starts us).
 * The built-ins are fetched only when first needed: this file is part of the host's small core.
 */
let collect: (() => void) | null | undefined;

export function collectGarbage(): void {
  if (collect === undefined) {
    try {
      process.getBuiltinModule('node:v8').setFlagsFromString('--expose-gc');
      const gc: unknown = process.getBuiltinModule('node:vm').runInNewContext('gc');
      collect = typeof gc === 'function' ? (gc as () => void) : null;
    } catch {
      collect = null;
    }
  }
  collect?.();
}
