import { LoggerService } from '@nestjs/common';
import { LogLevel } from './config';

const SEVERITY: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
/** Nest's start-up chatter (every module and route it wires) is debug detail, not news. */
const NEST_WIRING = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** Structured JSON logs, one object a line on stdout; also serves as Nest's logger. */
export class JsonLogger implements LoggerService {
  constructor(private readonly app: string, private readonly level: LogLevel = 'info') {}

  write(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
    if (SEVERITY[level] < SEVERITY[this.level]) return;
    const line = { time: new Date().toISOString(), level, app: this.app, msg, ...fields };
    process.stdout.write(`${JSON.stringify(line, errorReplacer)}\n`);
  }

  info(msg: string, fields?: Record<string, unknown>): void {
    this.write('info', msg, fields);
  }

  log(message: unknown, context?: string): void {
    this.write(context && NEST_WIRING.has(context) ? 'debug' : 'info', String(message), context ? { context } : {});
  }

  warn(message: unknown, context?: string | Record<string, unknown>): void {
    this.write('warn', String(message), typeof context === 'string' ? { context } : context);
  }

  error(message: unknown, trace?: unknown, context?: string): void {
    const fields: Record<string, unknown> = {};
    if (trace instanceof Error) fields.error = trace;
    else if (typeof trace === 'string' && trace) fields.stack = trace;
    if (context) fields.context = context;
    this.write('error', message instanceof Error ? message.message : String(message), fields);
  }

  debug(message: unknown, context?: string): void {
    this.write('debug', String(message), context ? { context } : {});
  }

  verbose(message: unknown, context?: string): void {
    this.debug(message, context);
  }
}

function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
}
