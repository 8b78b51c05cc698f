/** Where a server was told to listen, and the variables that said so (named when it cannot). */
export interface ListenTarget {
  host: string;
  port: number;
  portVariable: string;
  hostVariable: string;
}

/**
 * One line for a human when a server cannot listen (a taken port above all), naming the variable
 * to change; null for anything that is not a listen failure.
 */
export function listenFailure(error: unknown, target: ListenTarget): string | null {
  const { host, port, portVariable, hostVariable } = target;
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'EADDRINUSE':
      return `port ${port} (${portVariable}) is in use on ${host}: set ${portVariable} to a free port`;
    case 'EACCES':
      return `port ${port} (${portVariable}) needs privileges on ${host}: set ${portVariable} to a port above 1023`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return `${hostVariable}=${host} is not an address of this machine: set ${hostVariable} to one (e.g. 127.0.0.1 or 0.0.0.0)`;
    default:
      return null;
  }
}
