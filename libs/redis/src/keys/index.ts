export * from './key-space';
export * from './layout';
export * from './segment';
export * from './lua-keys';
