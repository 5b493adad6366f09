/**
 * A process of the load generator that holds event streams open (tests/bench/server-load.ts forks
 * several, so draining 1,000 streams is not one process's work). Probe streams note when each
 * prospect arrived (wall-clock ms, comparable across processes); the others only drain.
 */
import { request } from 'node:http';

interface Start {
  streams: { url: string; token: string; probe: boolean }[];
}

const now = () => performance.timeOrigin + performance.now();
const probes: Map<string, number>[] = [];
const requests: ReturnType<typeof request>[] = [];

function open(url: string, token: string, seen: Map<string, number> | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/stream?collections=prospects`, {
      headers: { authorization: `Bearer ${token}` },
      agent: false,
    });
    requests.push(req);
    req.on('response', (res) => {
      let buffer = '';
      let opened = false;
      res.on('data', (chunk: Buffer) => {
        if (!opened) {
          opened = true;
          resolve();
        }
        if (!seen) return;
        const at = now();
        buffer += chunk.toString('utf8');
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!frame.startsWith('data: ')) continue;
          const event = JSON.parse(frame.slice(6)) as { batch?: { documents: { name: string }[] } } | string;
          if (typeof event === 'string' || !event.batch) continue;
          for (const doc of event.batch.documents) if (!seen.has(doc.name)) seen.set(doc.name, at);
        }
      });
      res.on('error', () => undefined);
    });
    req.on('error', reject);
    req.end();
  });
}

process.on('message', (message: { type: 'start'; start: Start } | { type: 'collect' } | { type: 'close' }) => {
  if (message.type === 'start') {
    void (async () => {
      for (const s of message.start.streams) {
        const seen = s.probe ? new Map<string, number>() : null;
        if (seen) probes.push(seen);
        await open(s.url, s.token, seen);
      }
      process.send!({ type: 'ready' });
    })();
  } else if (message.type === 'collect') {
    const cpu = process.cpuUsage();
    process.send!({ type: 'collected', probes: probes.map((p) => [...p]), cpuMs: (cpu.user + cpu.system) / 1000 });
  } else {
    for (const req of requests) req.destroy();
    process.exit(0);
  }
});
