// Preloaded into a benchmarked server (NODE_OPTIONS=--import): writes its memory split every 100 ms to the file
// named by BRANCHMARK_MEMORY_PROBE, so a benchmark can tell the JS heap and Buffers from what the allocator keeps.
// SIGUSR2 runs a full garbage collection first: what survives it is held, not merely not yet collected.
import fs from "node:fs";
import v8 from "node:v8";
import vm from "node:vm";

const file = process.env.BRANCHMARK_MEMORY_PROBE;
if (file) {
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc");
  const sample = (after) => {
    const m = process.memoryUsage();
    fs.appendFileSync(
      file,
      JSON.stringify({
        t: Date.now(),
        after,
        rss: m.rss,
        heapUsed: m.heapUsed,
        external: m.external,
        arrayBuffers: m.arrayBuffers,
      }) + "\n",
    );
  };
  setInterval(() => sample(), 100).unref();
  process.on("SIGUSR2", () => {
    gc();
    sample("gc");
  });
}
// With BRANCHMARK_HEAP_SNAPSHOT set, SIGUSR1 writes a heap snapshot there (how the held renders were found).
if (file && process.env.BRANCHMARK_HEAP_SNAPSHOT)
  process.on("SIGUSR1", () => {
    v8.writeHeapSnapshot(process.env.BRANCHMARK_HEAP_SNAPSHOT);
    fs.appendFileSync(file, '{"snapshot":true}\n');
  });
