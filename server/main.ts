import { configFromEnv } from './config.ts';
import { createServer, VERSION } from './app.ts';

const config = configFromEnv();
let server: Awaited<ReturnType<typeof createServer>>;
try {
  server = await createServer(config, { logger: process.env.LEADLINE_LOG !== '0' });
} catch (error) {
  console.error(`Leadline server did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
let address: string;
try {
  address = await server.app.listen({ port: config.port, host: config.host });
} catch (error) {
  await server.close();
  if ((error as { code?: string }).code === 'EADDRINUSE') {
    console.error(
      `Port ${config.port} on ${config.host} is taken (another Leadline server, or another program). ` +
        `Stop it, or choose another port: LEADLINE_PORT=${config.port + 1} npm start`,
    );
    process.exit(1);
  }
  throw error;
}
/** Where the data lives, without a password. */
function storeName(): string {
  if (!config.databaseUrl) return config.dataDir;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL ${url.host}${url.pathname}`;
}
console.log(`Leadline server ${VERSION} on ${address} (data: ${storeName()}${config.demo ? ', demo data' : ''})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
