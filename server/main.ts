import { configFromEnv } from './config.ts';
import { createServer, VERSION } from './app.ts';

const config = configFromEnv();
const server = await createServer(config, { logger: process.env.LEADLINE_LOG !== '0' });
const address = await server.app.listen({ port: config.port, host: config.host });
console.log(`Leadline server ${VERSION} on ${address} (data: ${config.dataDir}${config.demo ? ', demo data' : ''})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
