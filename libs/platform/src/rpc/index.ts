export * from './errors';
export * from './redis-stream-rpc.server';
export * from './redis-stream-rpc.client';
export * from './query-embedding.contract';
export * from './query-embedding.server';
export * from './query-embedding.client';
export * from './admin.contract';
export * from './rpc-host';
