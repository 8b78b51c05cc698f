// Fails a Jest run early, with a clear message, when the Redis named by REDIS_URL cannot be reached.
const net = require('node:net');

module.exports = async () => {
  const url = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
  const port = Number(url.port || 6379);
  await new Promise((resolve, reject) => {
    const socket = net.connect({ host: url.hostname, port, timeout: 2000 });
    const fail = (err) => {
      socket.destroy();
      reject(new Error(
        `Tests need a Redis server, but none answered at ${url.hostname}:${port} (${err.message || err}). ` +
        'Start one (e.g. `redis-server`) or point REDIS_URL at one.'));
    };
    socket.once('connect', () => { socket.end(); resolve(); });
    socket.once('timeout', () => fail(new Error('timed out')));
    socket.once('error', fail);
  });
};
