// Jest runs tests in a vm context with its own typed-array constructors, but onnxruntime-node's
// native addon makes output arrays in Node's main realm, and onnxruntime-common (loaded inside the
// context) rejects them: "A float32 tensor's data must be type of function Float32Array()".
// Sharing the main realm's constructors fixes that. Any package whose tests run onnxruntime-node
// (e.g. apps/enrichment) can use this file as its testEnvironment.
const { TestEnvironment } = require('jest-environment-node');

const TYPED_ARRAYS = [
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array',
  'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
];

class OnnxEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED_ARRAYS) this.global[name] = globalThis[name];
  }
}

module.exports = OnnxEnvironment;
