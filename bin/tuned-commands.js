/**
 * Commands that run in a process started with settings of their own (bin/gallery-sync.js starts it). The fault
 * proxy moves bulk socket traffic, and with the defaults it carried 0.6–0.75× a bare pipe() proxy
 * (bench/network.bench.ts), for two reasons:
 * - V8 sizes its old-generation limit from the small heap it sees after start-up, and the sockets' read buffers
 *   kept meeting it: a full collection every ~20 ms. With a 64 MB initial old space: none during transfers.
 * - V8 frees read buffers in batches of up to ~64 MB, and glibc gave each batch back to the OS (its trim
 *   threshold is 128 KB) only to fault it in again, page by page, on the next reads: 190,000 page faults a GB.
 *   A 256 MB trim threshold keeps the memory for the next reads.
 * Plain JavaScript: it is read before tsx's loader is registered.
 */
export const tunedCommands = {
  proxy: { nodeFlags: ['--initial-old-space-size=64'], glibcTunables: ['glibc.malloc.trim_threshold=268435456'] },
};

/** The environment a tuned command's process starts with: glibc's settings added to any the user set. */
export function tunedEnv(tuning, env = process.env) {
  return { ...env, GALLERY_SYNC_TUNED: '1', GLIBC_TUNABLES: [env.GLIBC_TUNABLES, ...tuning.glibcTunables].filter(Boolean).join(':') };
}
