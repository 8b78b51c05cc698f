export * from './compromise-analyzer';
