import type { SipCredentials, TelephonySettings } from '../../shared/telephony/softphone-settings.ts';
import {
  clearCall,
  connectPhone,
  dial,
  disconnectPhone,
  hangUpAndWait,
  usePhoneStore,
} from '../features/phone/softphone.ts';

/**
 * The softphone's own times, driven from tests/bench/dial.ts against the SIP test bed: how long the
 * desk takes to register, and for each call from "dial" to the INVITE leaving, to the phone ringing,
 * to the answer, and from the answer to the prospect's first sound (what an operator would clip of
 * "Алло"). The floor is the bare signalling round trip: a SIP MESSAGE through the same proxy.
 */

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, ms: number, what: string): Promise<number> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`);
    await wait(2);
  }
  return performance.now() - started;
}

/** A SIP MESSAGE round trip through the proxy on a user agent of its own (answered 404: nobody is there). */
async function signallingRoundTrips(settings: TelephonySettings, count: number): Promise<number[]> {
  const JsSIP = await import('jssip');
  const agent = new JsSIP.UA({
    sockets: [new JsSIP.WebSocketInterface(settings.wsUrl)],
    uri: `sip:bench-floor@${new URL(settings.wsUrl).hostname}`,
    register: false,
  });
  agent.start();
  await until(() => agent.isConnected(), 10_000, 'the floor’s WebSocket');
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await new Promise<void>((resolve) => {
      agent.sendMessage(`sip:nobody-${i}@${new URL(settings.wsUrl).hostname}`, 'ping', {
        eventHandlers: { succeeded: () => resolve(), failed: () => resolve() },
      });
    });
    times.push(performance.now() - started);
  }
  agent.stop();
  return times;
}

export async function dialBench(
  settings: TelephonySettings,
  credentials: SipCredentials,
  number: string,
  calls: number,
): Promise<{
  registerMs: number;
  sent: number[];
  ringing: number[];
  answered: number[];
  sound: number[];
  floor: number[];
}> {
  const registering = performance.now();
  void connectPhone(settings, credentials);
  await until(() => usePhoneStore.getState().registration === 'registered', 15_000, 'registration');
  const registerMs = performance.now() - registering;
  const result = { sent: [] as number[], ringing: [] as number[], answered: [] as number[], sound: [] as number[] };
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    if (!dial(number, settings, () => undefined)) throw new Error('the softphone refused to dial');
    const phone = () => usePhoneStore.getState();
    result.sent.push(await until(() => Boolean(phone().call?.dial.sipCallId), 10_000, 'INVITE'));
    await until(() => phone().call?.status !== 'dialling', 10_000, 'ringing');
    result.ringing.push(performance.now() - started);
    await until(() => phone().call?.status === 'talking', 15_000, 'answer');
    const answeredAt = performance.now();
    result.answered.push(answeredAt - started);
    await until(() => phone().remoteLevel > 0.05, 10_000, 'first sound');
    result.sound.push(performance.now() - answeredAt);
    await hangUpAndWait();
    clearCall();
    await wait(300);
  }
  disconnectPhone();
  return { registerMs, ...result, floor: await signallingRoundTrips(settings, 20) };
}
