import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from '../../server/app.ts';
import { configFromEnv } from '../../server/config.ts';
import { defaultSettings } from '../../shared/calling/defaults.ts';
import type { SipCredentials, TelephonySettings } from '../../shared/telephony/softphone-settings.ts';
import { startSipTestBed } from '../support/sip.ts';
import type { dialBench } from '../../renderer/bench/dial-bench.ts';
import { benchPage, persistentBrowser } from './browser.ts';
import { percentile } from './stats.ts';

const figure = (values: number[]) =>
  `p50 ${percentile(values, 50).toFixed(0)} ms, p95 ${percentile(values, 95).toFixed(0)} ms`;

/**
 * `npm run bench -- dial [calls=20] [repeats=2] [stun]`: the desk's softphone against the SIP test bed
 * (tests/support/sip.ts), the phone answering at once: registration, and per call dial → INVITE sent
 * → ringing → answered, then answer → the prospect's first sound (sampled every 100 ms). Beside them,
 * the floor: a bare SIP round trip through the same proxy from the same page.
 */
export async function benchDial(
  calls: number,
  repeats: number,
  options: { unreachableStun?: boolean } = {},
): Promise<void> {
  const number = '84951110001';
  const bed = await startSipTestBed({ answers: [number], busy: [], never: [], ringMs: 0 });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'leadline-bench-'));
  const server = await createServer({
    ...configFromEnv({}),
    dataDir,
    demo: false,
    webRoot: path.resolve('dist'),
    serveBench: true,
  });
  const browser = await persistentBrowser({
    args: [
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
  try {
    await bed.ready();
    const telephony: TelephonySettings = {
      ...defaultSettings(0).telephony,
      wsUrl: bed.wsUrl,
      domain: bed.domain,
      dialPlan: { ...defaultSettings(0).telephony.dialPlan, keepPlus: false },
      // `stun`: a STUN server that never answers (TEST-NET-1), as behind a firewall that drops it.
      iceServers: options.unreachableStun ? [{ urls: 'stun:192.0.2.1:3478', username: '', credential: '' }] : [],
    };
    // The page's CSP lets it open the bed's WebSocket once the settings name it.
    await server.docs.writeSystem('settings', [{ ...defaultSettings(Date.now()), telephony, _deleted: false }]);
    const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    const page = await benchPage(browser.context, url);
    const credentials: SipCredentials = { login: 'bench', password: 'x' };
    for (let run = 1; run <= repeats; run++) {
      const r = await page.evaluate(
        ([s, c, n, k]) =>
          (
            window as unknown as {
              leadlineBench: { dialBench: typeof dialBench };
            }
          ).leadlineBench.dialBench(s, c, n, k),
        [telephony, credentials, number, calls] as const,
      );
      console.log(
        `softphone${options.unreachableStun ? ' (STUN unreachable)' : ''}, ${calls} calls, run ${run}: registered in ${r.registerMs.toFixed(0)} ms; dial -> INVITE sent ` +
          `${figure(r.sent)}; -> ringing ${figure(r.ringing)}; -> answered ${figure(r.answered)}; answer -> first ` +
          `sound ${figure(r.sound)}; the floor, a bare SIP round trip through the proxy ${figure(r.floor)} ` +
          `(answered x${(percentile(r.answered, 50) / percentile(r.floor, 50)).toFixed(1)} the floor at p50)  ` +
          `[load ${loadavg()[0]!.toFixed(2)}]`,
      );
    }
  } finally {
    await browser.close();
    await server.close();
    bed.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
