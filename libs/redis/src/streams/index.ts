export * from './types';
export * from './entries';
export * from './consumer-group';
export * from './entry-outcomes';
export * from './stream-consumer';
export * from './stage-status';
export * from './stage-stream-writer';
export * from './read-loop';
