export * from './stage-worker';
export * from './start-worker';
export * from './stage-providers';
export * from './ops-config';
