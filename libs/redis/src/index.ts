export * from './keys';
export * from './connection';
export * from './ledger/redis-event-ledger';
export * from './graph/redis-graph-store';
export * from './context/redis-snapshot-store';
export * from './partitions/partition-registry';
export * from './testing';
export { APPEND_EVENT_LUA } from './ledger/append-event.script';
export * from './streams';
