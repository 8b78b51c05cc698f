import { EnvReader } from '../config';

/** Where a worker's ops server (health, metrics) listens. */
export interface OpsConfig {
  /** `OPS_HOST`: loopback unless the deployment says otherwise, since the port has no auth. */
  host: string;
  /** 0 picks a free one. */
  port: number;
  /** The variable that set the port, named when the port is taken. */
  portVariable: string;
}

export const OPS_HOST_VARIABLE = 'OPS_HOST';
const DEFAULT_OPS_HOST = '127.0.0.1';
/** An IPv4/IPv6 address or a host name; whether this machine has it is found out when listening. */
const HOST = /^[A-Za-z0-9.:-]{1,253}$/;

/** `OPS_HOST` (shared by every worker) and the worker's own `<APP>_PORT`. */
export function readOpsConfig(env: EnvReader, portVariable: string, defaultPort: number): OpsConfig {
  return {
    host: env.str(OPS_HOST_VARIABLE, DEFAULT_OPS_HOST, HOST),
    port: env.int(portVariable, defaultPort, 0, 65_535),
    portVariable,
  };
}
