const path = require('node:path');

// The ONNX environment lets onnxruntime-node's tensors pass instanceof checks inside Jest.
module.exports = require('../../jest.preset')(__dirname, { testEnvironment: path.join(__dirname, 'jest-onnx-environment.js') });
