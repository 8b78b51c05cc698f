import { ChainableCommander } from 'ioredis';

/** Runs a MULTI/pipeline and throws the first command error (ioredis returns them, not throws). */
export async function execOrThrow(chain: ChainableCommander): Promise<unknown[]> {
  const replies = (await chain.exec()) ?? [];
  return replies.map(([error, reply]) => {
    if (error) throw error;
    return reply;
  });
}
