#!/usr/bin/env node
// Keras reference generator for Transfer Studio's Keras .h5 import tests.
//
//   node make_reference.js OUTDIR [--dump LAYER[,LAYER...]] [CASE...]
//
// Builds Keras Applications architectures (keras_applications 1.0.8 / Keras 2.2.4
// layer names, order, classes and configs) with TensorFlow.js layers on the pure
// JavaScript CPU backend, fills them with deterministic random weights, runs a
// deterministic input batch and writes, per case, OUTDIR/CASE/{case.json,
// model_config.json, input.f32, output.f32, weights.json, weights.bin}.
// write_keras_h5.py turns weights.json/.bin into Keras HDF5 files.
// See README.md for the file formats.
//
// Module lookup: the @tensorflow packages are found through NODE_PATH (what the
// make_fixtures driver sets) or a node_modules folder next to this script.
'use strict';

const fs = require('fs');
const path = require('path');

function requireTf(name) {
  try {
    return require(name);
  } catch (e) {
    return require(path.join(__dirname, 'node_modules', name));
  }
}

let tf = null;
let tfl = null;
let L = null;

function loadTf() {
  // tfjs-core prints an advertisement for tfjs-node when it starts under Node; keep output clean.
  const origWarn = console.warn;
  console.warn = (...args) => {
    const s = String(args[0] || '');
    if (s.includes('tfjs-node') || s.includes('Hi there')) return;
    origWarn(...args);
  };
  tf = requireTf('@tensorflow/tfjs-core');
  requireTf('@tensorflow/tfjs-backend-cpu');
  tfl = requireTf('@tensorflow/tfjs-layers');
  L = tfl.layers;
}

// ---------------------------------------------------------------------------
// Deterministic random numbers (independent of tfjs / Math.random).

function fnv1a(str) {
  let h = 0x811c9dc5;
  for (let i = 0; i < str.length; i++) {
    h ^= str.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function mulberry32(seed) {
  let a = seed >>> 0;
  return function () {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;  // [0, 1)
  };
}

function uniformArray(n, lo, hi, seedString) {
  const rnd = mulberry32(fnv1a(seedString));
  const out = new Float32Array(n);
  const w = hi - lo;
  for (let i = 0; i < n; i++) out[i] = lo + w * rnd();
  return out;
}

// ---------------------------------------------------------------------------
// Case table.

const CASES = {
  mobilenet_025_128: {arch: 'mobilenet', alpha: 0.25, input_size: 128, include_top: true, pooling: null, classes: 1000},
  mobilenet_050_128: {arch: 'mobilenet', alpha: 0.5, input_size: 128, include_top: true, pooling: null, classes: 1000},
  mobilenet_075_128: {arch: 'mobilenet', alpha: 0.75, input_size: 128, include_top: true, pooling: null, classes: 1000},
  mobilenet_100_128: {arch: 'mobilenet', alpha: 1.0, input_size: 128, include_top: true, pooling: null, classes: 1000},
  mobilenet_100_128_notop: {arch: 'mobilenet', alpha: 1.0, input_size: 128, include_top: false, pooling: 'avg', classes: null},
  vgg16_notop: {arch: 'vgg16', alpha: null, input_size: 64, include_top: false, pooling: null, classes: null},
  vgg19_notop: {arch: 'vgg19', alpha: null, input_size: 64, include_top: false, pooling: null, classes: null},
  vgg16_top: {arch: 'vgg16', alpha: null, input_size: 224, include_top: true, pooling: null, classes: 1000},
  resnet50_notop: {arch: 'resnet50', alpha: null, input_size: 64, include_top: false, pooling: 'avg', classes: null},
  resnet50_top: {arch: 'resnet50', alpha: null, input_size: 64, include_top: true, pooling: null, classes: 1000},
  inception_v3_notop: {arch: 'inception_v3', alpha: null, input_size: 96, include_top: false, pooling: 'avg', classes: null},
  inception_v3_top: {arch: 'inception_v3', alpha: null, input_size: 75, include_top: true, pooling: null, classes: 1000},
};

const BATCH = 2;

// ---------------------------------------------------------------------------
// Layer helpers.  Every layer gets an explicit name: the one Keras 2.2.4 gives it
// (explicit in keras_applications, or auto-generated "<snake_case_class>_<n>" with
// per-class counters starting at 1 in a fresh session).  Initializers are 'zeros'
// only to make construction cheap; all weights are overwritten afterwards.

class Namer {
  constructor() { this.counts = {}; }
  auto(prefix) {
    this.counts[prefix] = (this.counts[prefix] || 0) + 1;
    return prefix + '_' + this.counts[prefix];
  }
}

function conv2d(x, {filters, kernel, strides = 1, padding = 'valid', useBias = true, activation = 'linear', name}) {
  const ks = Array.isArray(kernel) ? kernel : [kernel, kernel];
  const st = Array.isArray(strides) ? strides : [strides, strides];
  return L.conv2d({
    filters, kernelSize: ks, strides: st, padding, useBias, activation, name,
    dataFormat: 'channelsLast', kernelInitializer: 'zeros', biasInitializer: 'zeros',
  }).apply(x);
}

function bn(x, {axis = -1, epsilon = 1e-3, scale = true, center = true, name}) {
  return L.batchNormalization({
    axis, epsilon, scale, center, momentum: 0.99, name,
    gammaInitializer: 'ones', betaInitializer: 'zeros',
    movingMeanInitializer: 'zeros', movingVarianceInitializer: 'ones',
  }).apply(x);
}

function act(x, activation, name) { return L.activation({activation, name}).apply(x); }
function relu6(x, name) { return L.reLU({maxValue: 6, name}).apply(x); }
function zpad(x, pad, name) { return L.zeroPadding2d({padding: pad, name, dataFormat: 'channelsLast'}).apply(x); }
function maxpool(x, pool, strides, padding, name) {
  return L.maxPooling2d({poolSize: pool, strides, padding, name, dataFormat: 'channelsLast'}).apply(x);
}
function avgpool(x, pool, strides, padding, name) {
  return L.averagePooling2d({poolSize: pool, strides, padding, name, dataFormat: 'channelsLast'}).apply(x);
}
function gap(x, name) { return L.globalAveragePooling2d({name, dataFormat: 'channelsLast'}).apply(x); }
function dense(x, units, activation, name) {
  return L.dense({units, activation, name, kernelInitializer: 'zeros', biasInitializer: 'zeros'}).apply(x);
}
function concat(xs, axis, name) { return L.concatenate({axis, name}).apply(xs); }

// ---------------------------------------------------------------------------
// Architectures (mirroring keras_applications 1.0.8 source line by line).
// When `logits` is set, the final softmax is replaced by a linear activation
// (same layer, same name) so that the reference output is the logits.

function buildVGG(c, depth, logits) {
  const nm = new Namer();
  const inp = tfl.input({shape: [c.input_size, c.input_size, 3], name: nm.auto('input')});
  const convsPerBlock = depth === 16 ? [2, 2, 3, 3, 3] : [2, 2, 4, 4, 4];
  const widths = [64, 128, 256, 512, 512];
  let x = inp;
  for (let b = 0; b < 5; b++) {
    for (let i = 0; i < convsPerBlock[b]; i++) {
      x = conv2d(x, {filters: widths[b], kernel: 3, padding: 'same', activation: 'relu',
                     name: `block${b + 1}_conv${i + 1}`});
    }
    x = maxpool(x, [2, 2], [2, 2], 'valid', `block${b + 1}_pool`);
  }
  if (c.include_top) {
    x = L.flatten({name: 'flatten'}).apply(x);
    x = dense(x, 4096, 'relu', 'fc1');
    x = dense(x, 4096, 'relu', 'fc2');
    x = dense(x, c.classes, logits ? 'linear' : 'softmax', 'predictions');
  } else if (c.pooling === 'avg') {
    x = gap(x, nm.auto('global_average_pooling2d'));
  } else if (c.pooling === 'max') {
    x = L.globalMaxPooling2d({name: nm.auto('global_max_pooling2d')}).apply(x);
  }
  return {model: tfl.model({inputs: inp, outputs: x, name: depth === 16 ? 'vgg16' : 'vgg19'}),
          softmaxLayer: c.include_top ? 'predictions' : null};
}

function buildMobileNet(c, logits) {
  const nm = new Namer();
  const alpha = c.alpha;
  const inp = tfl.input({shape: [c.input_size, c.input_size, 3], name: nm.auto('input')});
  const chanAxis = -1;

  // _conv_block
  let x = zpad(inp, [[0, 1], [0, 1]], 'conv1_pad');
  x = conv2d(x, {filters: Math.floor(32 * alpha), kernel: 3, strides: 2, padding: 'valid', useBias: false, name: 'conv1'});
  x = bn(x, {axis: chanAxis, name: 'conv1_bn'});
  x = relu6(x, 'conv1_relu');

  const dwBlock = (x, pwFilters, strides, id) => {
    pwFilters = Math.floor(pwFilters * alpha);
    if (strides !== 1) x = zpad(x, [[0, 1], [0, 1]], `conv_pad_${id}`);
    x = L.depthwiseConv2d({
      kernelSize: [3, 3], padding: strides === 1 ? 'same' : 'valid', depthMultiplier: 1,
      strides: [strides, strides], useBias: false, name: `conv_dw_${id}`,
      depthwiseInitializer: 'zeros', dataFormat: 'channelsLast',
    }).apply(x);
    x = bn(x, {axis: chanAxis, name: `conv_dw_${id}_bn`});
    x = relu6(x, `conv_dw_${id}_relu`);
    x = conv2d(x, {filters: pwFilters, kernel: 1, strides: 1, padding: 'same', useBias: false, name: `conv_pw_${id}`});
    x = bn(x, {axis: chanAxis, name: `conv_pw_${id}_bn`});
    return relu6(x, `conv_pw_${id}_relu`);
  };
  x = dwBlock(x, 64, 1, 1);
  x = dwBlock(x, 128, 2, 2);
  x = dwBlock(x, 128, 1, 3);
  x = dwBlock(x, 256, 2, 4);
  x = dwBlock(x, 256, 1, 5);
  x = dwBlock(x, 512, 2, 6);
  for (let id = 7; id <= 11; id++) x = dwBlock(x, 512, 1, id);
  x = dwBlock(x, 1024, 2, 12);
  x = dwBlock(x, 1024, 1, 13);

  if (c.include_top) {
    const ch = Math.floor(1024 * alpha);
    x = gap(x, nm.auto('global_average_pooling2d'));
    x = L.reshape({targetShape: [1, 1, ch], name: 'reshape_1'}).apply(x);
    x = L.dropout({rate: 1e-3, name: 'dropout'}).apply(x);
    x = conv2d(x, {filters: c.classes, kernel: 1, padding: 'same', name: 'conv_preds'});
    x = L.reshape({targetShape: [c.classes], name: 'reshape_2'}).apply(x);
    x = act(x, logits ? 'linear' : 'softmax', 'act_softmax');
  } else if (c.pooling === 'avg') {
    x = gap(x, nm.auto('global_average_pooling2d'));
  } else if (c.pooling === 'max') {
    x = L.globalMaxPooling2d({name: nm.auto('global_max_pooling2d')}).apply(x);
  }
  // Keras: name='mobilenet_%0.2f_%s' % (alpha, rows)
  return {model: tfl.model({inputs: inp, outputs: x, name: `mobilenet_${alpha.toFixed(2)}_${c.input_size}`}),
          softmaxLayer: c.include_top ? 'act_softmax' : null};
}

function buildResNet50(c, logits) {
  // resnet_common.py: ResNet(stack_fn, preact=False, use_bias=True, 'resnet50')
  const nm = new Namer();
  const inp = tfl.input({shape: [c.input_size, c.input_size, 3], name: nm.auto('input')});
  const bnAxis = 3;
  const eps = 1.001e-5;
  let x = zpad(inp, [[3, 3], [3, 3]], 'conv1_pad');
  x = conv2d(x, {filters: 64, kernel: 7, strides: 2, useBias: true, name: 'conv1_conv'});
  x = bn(x, {axis: bnAxis, epsilon: eps, name: 'conv1_bn'});
  x = act(x, 'relu', 'conv1_relu');
  x = zpad(x, [[1, 1], [1, 1]], 'pool1_pad');
  x = maxpool(x, [3, 3], [2, 2], 'valid', 'pool1_pool');

  const block1 = (x, filters, kernel, stride, convShortcut, name) => {
    let shortcut;
    if (convShortcut) {
      shortcut = conv2d(x, {filters: 4 * filters, kernel: 1, strides: stride, name: name + '_0_conv'});
      shortcut = bn(shortcut, {axis: bnAxis, epsilon: eps, name: name + '_0_bn'});
    } else {
      shortcut = x;
    }
    x = conv2d(x, {filters, kernel: 1, strides: stride, name: name + '_1_conv'});
    x = bn(x, {axis: bnAxis, epsilon: eps, name: name + '_1_bn'});
    x = act(x, 'relu', name + '_1_relu');
    x = conv2d(x, {filters, kernel, padding: 'same', name: name + '_2_conv'});
    x = bn(x, {axis: bnAxis, epsilon: eps, name: name + '_2_bn'});
    x = act(x, 'relu', name + '_2_relu');
    x = conv2d(x, {filters: 4 * filters, kernel: 1, name: name + '_3_conv'});
    x = bn(x, {axis: bnAxis, epsilon: eps, name: name + '_3_bn'});
    x = L.add({name: name + '_add'}).apply([shortcut, x]);
    return act(x, 'relu', name + '_out');
  };
  const stack1 = (x, filters, blocks, stride1, name) => {
    x = block1(x, filters, 3, stride1, true, name + '_block1');
    for (let i = 2; i <= blocks; i++) x = block1(x, filters, 3, 1, false, name + '_block' + i);
    return x;
  };
  x = stack1(x, 64, 3, 1, 'conv2');
  x = stack1(x, 128, 4, 2, 'conv3');
  x = stack1(x, 256, 6, 2, 'conv4');
  x = stack1(x, 512, 3, 2, 'conv5');

  if (c.include_top) {
    x = gap(x, 'avg_pool');
    x = dense(x, c.classes, logits ? 'linear' : 'softmax', 'probs');
  } else if (c.pooling === 'avg') {
    x = gap(x, 'avg_pool');
  } else if (c.pooling === 'max') {
    x = L.globalMaxPooling2d({name: 'max_pool'}).apply(x);
  }
  return {model: tfl.model({inputs: inp, outputs: x, name: 'resnet50'}),
          softmaxLayer: c.include_top ? 'probs' : null};
}

function buildInceptionV3(c, logits) {
  const nm = new Namer();
  const inp = tfl.input({shape: [c.input_size, c.input_size, 3], name: nm.auto('input')});
  const ch = 3;
  // conv2d_bn(x, filters, num_row, num_col, padding='same', strides=(1,1), name=None)
  const cbn = (x, filters, r, cc, padding = 'same', strides = 1) => {
    x = conv2d(x, {filters, kernel: [r, cc], strides, padding, useBias: false, name: nm.auto('conv2d')});
    x = bn(x, {axis: 3, scale: false, name: nm.auto('batch_normalization')});
    return act(x, 'relu', nm.auto('activation'));
  };
  const mp = (x) => maxpool(x, [3, 3], [2, 2], 'valid', nm.auto('max_pooling2d'));
  const ap = (x) => avgpool(x, [3, 3], [1, 1], 'same', nm.auto('average_pooling2d'));

  let x = cbn(inp, 32, 3, 3, 'valid', 2);
  x = cbn(x, 32, 3, 3, 'valid');
  x = cbn(x, 64, 3, 3);
  x = mp(x);
  x = cbn(x, 80, 1, 1, 'valid');
  x = cbn(x, 192, 3, 3, 'valid');
  x = mp(x);

  // mixed 0, 1, 2: 35 x 35 x 256/288
  for (const [poolFilters, nameIdx] of [[32, 0], [64, 1], [64, 2]]) {
    const b1 = cbn(x, 64, 1, 1);
    let b5 = cbn(x, 48, 1, 1);
    b5 = cbn(b5, 64, 5, 5);
    let b3 = cbn(x, 64, 1, 1);
    b3 = cbn(b3, 96, 3, 3);
    b3 = cbn(b3, 96, 3, 3);
    let bp = ap(x);
    bp = cbn(bp, poolFilters, 1, 1);
    x = concat([b1, b5, b3, bp], ch, 'mixed' + nameIdx);
  }

  // mixed 3
  {
    const b3 = cbn(x, 384, 3, 3, 'valid', 2);
    let bd = cbn(x, 64, 1, 1);
    bd = cbn(bd, 96, 3, 3);
    bd = cbn(bd, 96, 3, 3, 'valid', 2);
    const bp = mp(x);
    x = concat([b3, bd, bp], ch, 'mixed3');
  }

  // mixed 4..7
  for (const [f, nameIdx] of [[128, 4], [160, 5], [160, 6], [192, 7]]) {
    const b1 = cbn(x, 192, 1, 1);
    let b7 = cbn(x, f, 1, 1);
    b7 = cbn(b7, f, 1, 7);
    b7 = cbn(b7, 192, 7, 1);
    let bd = cbn(x, f, 1, 1);
    bd = cbn(bd, f, 7, 1);
    bd = cbn(bd, f, 1, 7);
    bd = cbn(bd, f, 7, 1);
    bd = cbn(bd, 192, 1, 7);
    let bp = ap(x);
    bp = cbn(bp, 192, 1, 1);
    x = concat([b1, b7, bd, bp], ch, 'mixed' + nameIdx);
  }

  // mixed 8
  {
    let b3 = cbn(x, 192, 1, 1);
    b3 = cbn(b3, 320, 3, 3, 'valid', 2);
    let b7 = cbn(x, 192, 1, 1);
    b7 = cbn(b7, 192, 1, 7);
    b7 = cbn(b7, 192, 7, 1);
    b7 = cbn(b7, 192, 3, 3, 'valid', 2);
    const bp = mp(x);
    x = concat([b3, b7, bp], ch, 'mixed8');
  }

  // mixed 9, 10
  for (let i = 0; i < 2; i++) {
    const b1 = cbn(x, 320, 1, 1);
    let b3 = cbn(x, 384, 1, 1);
    const b3a = cbn(b3, 384, 1, 3);
    const b3b = cbn(b3, 384, 3, 1);
    b3 = concat([b3a, b3b], ch, 'mixed9_' + i);
    let bd = cbn(x, 448, 1, 1);
    bd = cbn(bd, 384, 3, 3);
    const bda = cbn(bd, 384, 1, 3);
    const bdb = cbn(bd, 384, 3, 1);
    bd = concat([bda, bdb], ch, nm.auto('concatenate'));
    let bp = ap(x);
    bp = cbn(bp, 192, 1, 1);
    x = concat([b1, b3, bd, bp], ch, 'mixed' + (9 + i));
  }

  if (c.include_top) {
    x = gap(x, 'avg_pool');
    x = dense(x, c.classes, logits ? 'linear' : 'softmax', 'predictions');
  } else if (c.pooling === 'avg') {
    x = gap(x, nm.auto('global_average_pooling2d'));
  } else if (c.pooling === 'max') {
    x = L.globalMaxPooling2d({name: nm.auto('global_max_pooling2d')}).apply(x);
  }
  return {model: tfl.model({inputs: inp, outputs: x, name: 'inception_v3'}),
          softmaxLayer: c.include_top ? 'predictions' : null};
}

function buildCase(c) {
  const logits = !!c.include_top;
  switch (c.arch) {
    case 'vgg16': return buildVGG(c, 16, logits);
    case 'vgg19': return buildVGG(c, 19, logits);
    case 'mobilenet': return buildMobileNet(c, logits);
    case 'resnet50': return buildResNet50(c, logits);
    case 'inception_v3': return buildInceptionV3(c, logits);
    default: throw new Error('unknown arch ' + c.arch);
  }
}

// ---------------------------------------------------------------------------
// Weights: Keras order and names per layer class.

const WEIGHT_NAMES = {
  Conv2D: (l) => (l.useBias ? ['kernel', 'bias'] : ['kernel']),
  DepthwiseConv2D: (l) => (l.useBias ? ['depthwise_kernel', 'bias'] : ['depthwise_kernel']),
  Dense: (l) => (l.useBias ? ['kernel', 'bias'] : ['kernel']),
  BatchNormalization: (l) => [].concat(l.scale ? ['gamma'] : [], l.center ? ['beta'] : [],
                                       ['moving_mean', 'moving_variance']),
};

const RESNET_BRANCH_GAIN = 0.25;

// Kernels: uniform with variance 2/fan_in (He), i.e. U(-sqrt(6/fan_in), +sqrt(6/fan_in)).
function randomWeight(caseName, layerName, short, shape) {
  const n = shape.reduce((a, b) => a * b, 1);
  const seed = `${caseName}/${layerName}/${short}`;
  switch (short) {
    case 'kernel': {  // Conv2D (kh, kw, in, out) or Dense (in, out)
      const fanIn = shape.slice(0, -1).reduce((a, b) => a * b, 1);
      // ResNet: damp the last conv of each residual branch so that the sum over
      // 16 residual blocks does not blow up (BN here is inference-mode, it does not renormalise).
      const gain = /^conv\d_block\d+_3_conv$/.test(layerName) ? RESNET_BRANCH_GAIN : 1.0;
      const a = gain * Math.sqrt(6 / fanIn);
      return uniformArray(n, -a, a, seed);
    }
    case 'depthwise_kernel': {  // (kh, kw, in, depth_multiplier): fan_in = kh*kw
      const a = Math.sqrt(6 / (shape[0] * shape[1]));
      return uniformArray(n, -a, a, seed);
    }
    case 'bias': return uniformArray(n, -0.1, 0.1, seed);
    case 'gamma': return uniformArray(n, 0.5, 1.5, seed);
    case 'beta': return uniformArray(n, -0.2, 0.2, seed);
    case 'moving_mean': return uniformArray(n, -0.2, 0.2, seed);
    case 'moving_variance': return uniformArray(n, 0.5, 1.5, seed);
    default: throw new Error('unknown weight ' + short);
  }
}

function inputBatch(caseName, shape) {
  const n = shape.reduce((a, b) => a * b, 1);
  return uniformArray(n, -1, 1, `${caseName}/input`);
}

// ---------------------------------------------------------------------------

function kerasifyConfig(cfg) {
  // tfjs-layers serialises a Keras-compatible (snake_case) functional config.
  // Add/adjust the few fields Keras 2.2.4 writes differently.
  const glorot = {class_name: 'VarianceScaling',
                  config: {scale: 1.0, mode: 'fan_avg', distribution: 'uniform', seed: null}};
  for (const layer of cfg.config.layers) {
    const lc = layer.config;
    // Construction used 'zeros' kernels (cheap); Keras' default is glorot_uniform.
    for (const k of ['kernel_initializer', 'depthwise_initializer']) {
      if (lc[k] && lc[k].class_name === 'Zeros') lc[k] = JSON.parse(JSON.stringify(glorot));
    }
    if (layer.class_name === 'ReLU') {
      lc.max_value = lc.max_value == null ? null : lc.max_value;
      lc.negative_slope = 0.0;
      lc.threshold = 0.0;
    }
  }
  return cfg;
}

function writeF32(file, arr) {
  fs.writeFileSync(file, Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength));
}

function stats(arr) {
  let maxAbs = 0, sum = 0, sum2 = 0;
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    const a = Math.abs(v);
    if (a > maxAbs) maxAbs = a;
    sum += v; sum2 += v * v;
  }
  const mean = sum / arr.length;
  return {max_abs: maxAbs, mean, std: Math.sqrt(Math.max(0, sum2 / arr.length - mean * mean))};
}

function runCase(outRoot, caseName, dumpLayers, showStats) {
  const c = CASES[caseName];
  if (!c) throw new Error(`unknown case '${caseName}' (known: ${Object.keys(CASES).join(', ')})`);
  const dir = path.join(outRoot, caseName);
  fs.mkdirSync(dir, {recursive: true});
  const t0 = Date.now();
  const cpu0 = process.cpuUsage();

  const {model, softmaxLayer} = buildCase(c);
  const tBuild = Date.now();

  // Weights: generate, set, and stream to weights.bin in model layer order.
  const fd = fs.openSync(path.join(dir, 'weights.bin.tmp'), 'w');
  let offset = 0;
  let nParams = 0;
  const weightLayers = [];
  const layerList = [];
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    const entry = {name: layer.name, class_name: cls, weights: []};
    const tfWeights = layer.weights;
    if (tfWeights.length > 0) {
      const namesFn = WEIGHT_NAMES[cls];
      if (!namesFn) throw new Error(`layer ${layer.name}: unexpected weights in ${cls}`);
      const shorts = namesFn(layer);
      if (shorts.length !== tfWeights.length) {
        throw new Error(`layer ${layer.name}: ${tfWeights.length} tfjs weights, expected ${shorts}`);
      }
      const values = [];
      const wl = {name: layer.name, class_name: cls, weights: []};
      shorts.forEach((short, i) => {
        const tfShort = tfWeights[i].originalName.split('/').pop();
        if (tfShort !== short) throw new Error(`layer ${layer.name}: weight ${i} is ${tfShort}, expected ${short}`);
        const shape = tfWeights[i].shape.slice();
        const arr = randomWeight(caseName, layer.name, short, shape);
        values.push(tf.tensor(arr, shape, 'float32'));
        fs.writeSync(fd, Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength));
        const w = {name: `${layer.name}/${short}:0`, shape, dtype: 'float32', offset, nbytes: arr.byteLength};
        wl.weights.push(w);
        entry.weights.push({name: w.name, shape});
        offset += arr.byteLength;
        nParams += arr.length;
      });
      layer.setWeights(values);
      values.forEach((t) => t.dispose());
      weightLayers.push(wl);
    }
    layerList.push(entry);
  }
  fs.closeSync(fd);
  fs.renameSync(path.join(dir, 'weights.bin.tmp'), path.join(dir, 'weights.bin'));
  const tWeights = Date.now();

  const inShape = [BATCH, c.input_size, c.input_size, 3];
  const inArr = inputBatch(caseName, inShape);
  const x = tf.tensor(inArr, inShape, 'float32');
  const y = model.predict(x);
  const outArr = y.dataSync();
  const outShape = y.shape.slice();
  const tPredict = Date.now();

  if (showStats) {
    // Per-layer activation statistics (development aid for weight scaling).
    const outs = model.layers.filter((l) => l.getClassName() !== 'InputLayer').map((l) => l.output);
    const sub = tfl.model({inputs: model.inputs, outputs: outs});
    const ys = sub.predict(x);
    ys.forEach((t, i) => {
      const s = stats(t.dataSync());
      console.log(`  ${outs[i].sourceLayer.name.padEnd(28)} ${JSON.stringify(t.shape).padEnd(20)} ` +
                  `std=${s.std.toPrecision(3)} max=${s.max_abs.toPrecision(3)}`);
      t.dispose();
    });
  }

  for (const ln of dumpLayers) {
    const sub = tfl.model({inputs: model.inputs, outputs: model.getLayer(ln).output});
    const t = sub.predict(x);
    writeF32(path.join(dir, `layer_${ln}.f32`), t.dataSync());
    fs.writeFileSync(path.join(dir, `layer_${ln}.json`), JSON.stringify({layer: ln, shape: t.shape}) + '\n');
    t.dispose();
  }

  writeF32(path.join(dir, 'input.f32'), inArr);
  writeF32(path.join(dir, 'output.f32'), outArr);

  // Model config, as Keras would serialise the real model (final softmax restored).
  const cfg = kerasifyConfig(model.toJSON(null, false));
  delete cfg.keras_version;
  delete cfg.backend;
  if (softmaxLayer) {
    const l = cfg.config.layers.find((e) => e.name === softmaxLayer);
    l.config.activation = 'softmax';
  }
  fs.writeFileSync(path.join(dir, 'model_config.json'), JSON.stringify(cfg) + '\n');

  const st = stats(outArr);
  const caseJson = {
    case: caseName,
    arch: c.arch,
    alpha: c.alpha,
    input_size: c.input_size,
    include_top: c.include_top,
    pooling: c.pooling,
    classes: c.classes,
    model_name: model.name,
    logits: !!softmaxLayer,
    logits_note: softmaxLayer
      ? `output is the logits: the softmax of layer '${softmaxLayer}' was replaced by a linear activation ` +
        `for the reference run (model_config.json / model.h5 keep 'softmax')`
      : null,
    softmax_layer: softmaxLayer,
    output_layer: model.outputLayers[0].name,
    data_format: 'channels_last',
    dtype: 'float32',
    byte_order: 'little',
    input_shape: inShape,
    output_shape: outShape,
    input_range: [-1, 1],
    max_abs_output: st.max_abs,
    output_mean: st.mean,
    output_std: st.std,
    num_params: nParams,
    num_layers: layerList.length,
    generator: {
      tool: 'make_reference.js',
      tfjs_core: tf.version_core,
      tfjs_layers: tfl.version_layers,
      backend: tf.getBackend(),
      weights: 'kernels U(-sqrt(6/fan_in), sqrt(6/fan_in)) (depthwise fan_in = kh*kw); biases U(-0.1,0.1); ' +
               'BN gamma U(0.5,1.5), beta U(-0.2,0.2), moving_mean U(-0.2,0.2), moving_variance U(0.5,1.5); ' +
               'mulberry32 seeded with fnv1a("CASE/LAYER/WEIGHT"); input mulberry32(fnv1a("CASE/input")) U(-1,1)',
    },
    layers: layerList,
  };
  fs.writeFileSync(path.join(dir, 'case.json'), JSON.stringify(caseJson, null, 1) + '\n');
  fs.writeFileSync(path.join(dir, 'weights.json'), JSON.stringify({
    case: caseName, dtype: 'float32', byte_order: 'little', total_bytes: offset, layers: weightLayers,
  }, null, 1) + '\n');

  x.dispose();
  y.dispose();
  model.dispose();
  const tEnd = Date.now();
  const s = (ms) => (ms / 1000).toFixed(1) + 's';
  const cpu = process.cpuUsage(cpu0);
  const cpuS = ((cpu.user + cpu.system) / 1e6).toFixed(1) + 's';
  console.log(`${caseName}: ${layerList.length} layers, ${nParams} params, output ${JSON.stringify(outShape)} ` +
              `max|y|=${st.max_abs.toPrecision(4)} std=${st.std.toPrecision(4)}; ` +
              `build ${s(tBuild - t0)}, weights ${s(tWeights - tBuild)}, predict ${s(tPredict - tWeights)}, ` +
              `total ${s(tEnd - t0)} wall, ${cpuS} CPU`);
}

async function main() {
  const args = process.argv.slice(2);
  if (args.length < 1 || args[0] === '-h' || args[0] === '--help') {
    console.log('usage: node make_reference.js OUTDIR [--dump LAYER[,LAYER...]] [--stats] [CASE...]  |  node make_reference.js --list');
    console.log('cases: ' + Object.keys(CASES).join(' '));
    process.exit(args.length < 1 ? 2 : 0);
  }
  if (args[0] === '--list') {
    console.log(Object.keys(CASES).join('\n'));
    return;
  }
  const outRoot = args.shift();
  let dump = [];
  let showStats = false;
  const cases = [];
  while (args.length) {
    const a = args.shift();
    if (a === '--dump') dump = args.shift().split(',').filter((s) => s);
    else if (a === '--stats') showStats = true;
    else cases.push(a);
  }
  loadTf();
  tf.env().set('PROD', true);  // also silences the CPU backend's tfjs-node banner
  await tf.setBackend('cpu');
  if (tf.getBackend() !== 'cpu') throw new Error('cpu backend not available');
  fs.mkdirSync(outRoot, {recursive: true});
  for (const name of (cases.length ? cases : Object.keys(CASES))) runCase(outRoot, name, dump, showStats);
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
