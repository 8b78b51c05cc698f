// Shared Jest setup: SWC transpiles TypeScript (with decorator metadata for Nest), and workspace
// libraries resolve to their sources so unit tests never run against a stale build.
const path = require('node:path');

module.exports = (packageDir, overrides = {}) => ({
  rootDir: packageDir,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts', '<rootDir>/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    }],
  },
  moduleNameMapper: {
    '^@cg/(domain|redis|platform|nlp|embedding|llm|http-client)$': path.join(__dirname, 'libs/$1/src'),
  },
  globalSetup: path.join(__dirname, 'scripts/jest-redis-check.js'),
  ...overrides,
});
