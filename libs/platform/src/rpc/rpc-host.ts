import { BeforeApplicationShutdown, Controller, DynamicModule, INestMicroservice, LoggerService, Module, OnApplicationBootstrap } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import { RedisStreamRpcServer, RedisStreamRpcServerOptions } from './redis-stream-rpc.server';

export type RpcHandler<Req, Res> = (request: Req) => Promise<Res>;

/** A Nest module whose one controller answers `pattern` with `handle`. */
export function rpcHandlerModule<Req, Res>(pattern: string, handle: RpcHandler<Req, Res>): DynamicModule {
  @Controller()
  class RpcHandlerController {
    @MessagePattern(pattern)
    answer(@Payload() request: Req): Promise<Res> {
      return handle(request);
    }
  }
  @Module({})
  class RpcHandlerModule {}
  return { module: RpcHandlerModule, controllers: [RpcHandlerController] };
}

export interface RpcHostOptions<Req, Res> extends RedisStreamRpcServerOptions {
  pattern: string;
  handle: RpcHandler<Req, Res>;
  /** Nest's own messages; false silences them. */
  nestLogger?: LoggerService | false;
}

/** Starts answering `pattern` on the options' channel: a small Nest microservice beside a worker. */
export async function startRpcServer<Req, Res>(options: RpcHostOptions<Req, Res>): Promise<INestMicroservice> {
  const { pattern, handle, nestLogger, ...server } = options;
  const app = await NestFactory.createMicroservice(rpcHandlerModule(pattern, handle), { strategy: new RedisStreamRpcServer(server), logger: nestLogger });
  await app.listen();
  return app;
}

/**
 * A worker's provider that serves one RPC pattern for the app's lifetime: starts on bootstrap,
 * closes (answering the requests in hand first) before the app's Redis connection closes.
 */
export class RpcServerHost<Req, Res> implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private server?: INestMicroservice;

  constructor(private readonly options: RpcHostOptions<Req, Res>) {}

  async onApplicationBootstrap(): Promise<void> {
    this.server = await startRpcServer(this.options);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.server?.close();
  }
}

/** Refuses a malformed request with the reason, as an RPC error the caller sees. */
export function refuse(reason: string): never {
  throw new RpcException(reason);
}
