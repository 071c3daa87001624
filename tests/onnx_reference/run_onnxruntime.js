// Runs exported ONNX files in ONNX Runtime (CPU) and compares their probabilities with the app's.
// Usage: node run_onnxruntime.js JOBS.json   (NODE_PATH: the node_modules that install.py filled)
// JOBS.json: [{"model": "a.onnx", "input": "input" | "image", "data": "x.bin", "dtype": "float32" | "uint8",
//              "shape": [n, ...], "expected": "p.bin" (float32 [n, classes])}, ...]
// Prints one JSON line per job: {"model", "max_abs_diff", "top1_agreeing", "images", "classes"} or {"model", "error"}.
'use strict';
const fs = require('fs');
const ort = require('onnxruntime-node');

function floats(file) {
  const b = fs.readFileSync(file);
  return new Float32Array(b.buffer, b.byteOffset, b.length / 4);
}

function argmax(a, from, n) {
  let best = from;
  for (let i = from + 1; i < from + n; i++) if (a[i] > a[best]) best = i;
  return best - from;
}

(async () => {
  const jobs = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  for (const job of jobs) {
    try {
      const session = await ort.InferenceSession.create(job.model, { intraOpNumThreads: 2 });
      const raw = fs.readFileSync(job.data);
      const data = job.dtype === 'uint8' ? new Uint8Array(raw.buffer, raw.byteOffset, raw.length)
                                          : new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
      const out = await session.run({ [job.input]: new ort.Tensor(job.dtype, data, job.shape) }, ['probabilities']);
      const p = out.probabilities.data, expected = floats(job.expected);
      const n = job.shape[0], classes = p.length / n;
      let max = 0, agreeing = 0;
      for (let i = 0; i < p.length; i++) max = Math.max(max, Math.abs(p[i] - expected[i]));
      for (let r = 0; r < n; r++) if (argmax(p, r * classes, classes) === argmax(expected, r * classes, classes)) agreeing++;
      console.log(JSON.stringify({ model: job.model, max_abs_diff: max, top1_agreeing: agreeing, images: n, classes }));
    } catch (e) {
      console.log(JSON.stringify({ model: job.model, error: String(e && e.message || e) }));
    }
  }
})();
