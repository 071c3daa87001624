// ONNX Runtime (CPU, 2 intra-op threads as the app uses this machine's 2 cores) on an exported model:
// node onnx_ort_bench.js MODEL.onnx SIZE BATCH REPEAT  (NODE_PATH: tests/onnx_reference's node_modules)
// Prints one JSON line: {"median_ms", "samples_ms"}, one warm-up run first (bench_timing.h's convention).
'use strict';
const ort = require('onnxruntime-node');

(async () => {
  const [model, size, batch, repeat] = [process.argv[2], +process.argv[3], +process.argv[4], +process.argv[5]];
  const threads = +(process.env.TL_BENCH_THREADS || require('os').cpus().length);
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: threads, interOpNumThreads: 1 });
  const data = new Float32Array(batch * 3 * size * size);
  let seed = 1;
  for (let i = 0; i < data.length; i++) { seed = (seed * 1103515245 + 12345) % 2147483648; data[i] = seed / 2147483648 - 0.5; }
  const feeds = { input: new ort.Tensor('float32', data, [batch, 3, size, size]) };
  await session.run(feeds, ['probabilities']);
  const samples = [];
  for (let i = 0; i < repeat; i++) {
    const start = process.hrtime.bigint();
    await session.run(feeds, ['probabilities']);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const sorted = [...samples].sort((x, y) => x - y);
  console.log(JSON.stringify({ median_ms: sorted[Math.floor(sorted.length / 2)], samples_ms: samples }));
})().catch(e => { console.error(e); process.exit(1); });
