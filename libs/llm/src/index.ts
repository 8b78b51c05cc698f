export * from './settings';
export * from './errors';
export * from './budget';
export * from './prompt';
export * from './openai-summarizer';
export * from './fallback-summarizer';
export * from './create-summarizer';
export * from './testing/chat-completions-server';
