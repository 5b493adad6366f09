import { describe, expect, it } from 'vitest';
import { rendererCsp, RENDERER_CSP } from '../security/web-security.ts';
import { contentIssues } from '../schemas/content.ts';
import { callDialProblem, NO_DIAL, suggestedOutcome, talkSeconds } from './call-events.ts';
import {
  hasSoftphone,
  NO_TELEPHONY,
  recordingLink,
  sipDomain,
  type TelephonySettings,
  telephonyProblem,
  webSocketSource,
} from './softphone-settings.ts';

const pbx = (patch: Partial<TelephonySettings>): TelephonySettings => ({
  ...NO_TELEPHONY,
  wsUrl: 'wss://pbx.example.com:8089/ws',
  ...patch,
});

/** The sources of one CSP directive. */
function directive(csp: string, name: string): string[] {
  const found = csp.split('; ').find((d) => d.startsWith(`${name} `));
  return found ? found.split(' ').slice(1) : [];
}

describe('the content security policy built from the telephony settings', () => {
  it('without a softphone the page connects to its own origin only', () => {
    expect(directive(RENDERER_CSP, 'connect-src')).toEqual(["'self'"]);
    expect(rendererCsp(NO_TELEPHONY)).toBe(RENDERER_CSP);
  });

  it('allows exactly the configured WebSocket address and nothing else', () => {
    const csp = rendererCsp(pbx({}));
    expect(directive(csp, 'connect-src')).toEqual(["'self'", 'wss://pbx.example.com:8089/ws']);
    // Every other directive stays as it was.
    expect(csp.replace(' wss://pbx.example.com:8089/ws', '')).toBe(RENDERER_CSP);
    expect(directive(rendererCsp(pbx({ wsUrl: 'wss://pbx.example.com' })), 'connect-src')).toEqual([
      "'self'",
      'wss://pbx.example.com',
    ]);
  });

  it('never lets an address add sources or directives of its own', () => {
    for (const wsUrl of [
      "wss://pbx.example.com/ws; script-src 'unsafe-inline'",
      'wss://pbx.example.com/ws https://evil.example',
      'wss://pbx.example.com/a,b',
      'https://pbx.example.com/ws',
      'ws://pbx.example.com/ws',
      'wss://user:pass@pbx.example.com/ws',
      'wss://pbx.example.com/ws?token=1',
      'wss://*.example.com/ws',
      'not a url',
    ]) {
      expect(directive(rendererCsp({ wsUrl }), 'connect-src'), wsUrl).toEqual(["'self'"]);
      expect(rendererCsp({ wsUrl }).split('; ')).toHaveLength(10);
    }
  });

  it('takes ws:// (no TLS) only to this computer, for a local proxy or the test bed', () => {
    expect(webSocketSource('ws://127.0.0.1:5066')).toBe('ws://127.0.0.1:5066');
    expect(webSocketSource('ws://localhost:5066/ws')).toBe('ws://localhost:5066/ws');
    expect(webSocketSource('ws://10.0.0.5:5066')).toBeNull();
  });
});

describe('telephony settings an admin may save', () => {
  it('none at all is fine: the desk hands tel:/sip: links to the OS', () => {
    expect(telephonyProblem(NO_TELEPHONY)).toBeNull();
    expect(hasSoftphone(NO_TELEPHONY)).toBe(false);
    expect(hasSoftphone(pbx({}))).toBe(true);
  });

  it('names what is wrong', () => {
    expect(telephonyProblem(pbx({}))).toBeNull();
    expect(telephonyProblem(pbx({ wsUrl: 'https://pbx.example.com' }))).toMatch(/wss:\/\//);
    expect(telephonyProblem(pbx({ domain: 'bad domain' }))).toMatch(/domain/);
    expect(
      telephonyProblem(pbx({ iceServers: [{ urls: 'http://stun.example.com', username: '', credential: '' }] })),
    ).toMatch(/stun:/);
    expect(
      telephonyProblem(pbx({ iceServers: [{ urls: 'turn:turn.example.com:3478', username: '', credential: '' }] })),
    ).toMatch(/TURN.*user name/);
    expect(
      telephonyProblem(
        pbx({
          iceServers: [
            { urls: 'stun:stun.example.com:3478', username: '', credential: '' },
            { urls: 'turns:turn.example.com:5349', username: 'desk', credential: 'secret' },
          ],
        }),
      ),
    ).toBeNull();
    expect(telephonyProblem(pbx({ dialPlan: { ...NO_TELEPHONY.dialPlan, outsidePrefix: '9a' } }))).toMatch(/prefix/);
    expect(telephonyProblem(pbx({ recordingTemplate: 'http://pbx/rec/{callId}' }))).toMatch(/https/);
    expect(telephonyProblem(pbx({ recordingTemplate: 'https://pbx/rec/' }))).toMatch(/\{callId\}/);
    expect(telephonyProblem(pbx({ ringSeconds: 5 }))).toMatch(/10 to 120/);
  });

  it('the server refuses bad settings like any other bad content', () => {
    const workingHours = { timeZone: 'Europe/Moscow' };
    const settings = { id: 'global', workingHours, telephony: pbx({ wsUrl: "wss://x/; script-src 'unsafe-eval'" }) };
    expect(contentIssues('settings', settings)).toEqual([{ path: 'telephony', message: expect.stringMatching(/wss/) }]);
    expect(contentIssues('settings', { id: 'global', workingHours, telephony: pbx({}) })).toEqual([]);
  });

  it('registers in the set domain, else the WebSocket host', () => {
    expect(sipDomain(pbx({}))).toBe('pbx.example.com');
    expect(sipDomain(pbx({ domain: 'corp.example.com' }))).toBe('corp.example.com');
    expect(sipDomain(pbx({ wsUrl: 'ws://[::1]:5066' }))).toBe('::1');
  });
});

describe('recording links', () => {
  it('fills the Call-ID and the day, escaped for a URL', () => {
    const call = { sipCallId: 'a84b4c76e66710@pc33 x/y', dialledAt: Date.parse('2026-12-01T08:00:00Z') };
    expect(recordingLink('https://pbx.example.com/rec/{date}/{callId}.mp3', call)).toBe(
      'https://pbx.example.com/rec/2026-12-01/a84b4c76e66710%40pc33%20x%2Fy.mp3',
    );
    expect(recordingLink('', call)).toBe('');
    expect(recordingLink('https://pbx.example.com/rec/{callId}', { ...call, sipCallId: '' })).toBe('');
  });
});

describe('call events', () => {
  const dialled = { ...NO_DIAL, number: '84951110001', sipCallId: 'x', dialledAt: 1_000 };

  it('talk time runs from the answer to the end, in whole seconds', () => {
    expect(talkSeconds(2_000, 5_400)).toBe(3);
    expect(talkSeconds(2_000, 5_600)).toBe(4);
    expect(talkSeconds(0, 5_000)).toBe(0);
  });

  it('suggests an outcome only for a call never answered, from the network answer', () => {
    expect(suggestedOutcome({ ...dialled, endedAt: 2_000, sipCode: 486 })).toBe('busy');
    expect(suggestedOutcome({ ...dialled, endedAt: 9_000, sipCode: 487 })).toBe('no_answer');
    expect(suggestedOutcome({ ...dialled, endedAt: 2_000, sipCode: 404 })).toBe('wrong_number');
    expect(suggestedOutcome({ ...dialled, answeredAt: 3_000, endedAt: 9_000, sipCode: 200 })).toBeNull();
    expect(suggestedOutcome({ ...dialled, endedAt: 2_000, sipCode: 503 })).toBeNull();
    expect(suggestedOutcome(NO_DIAL)).toBeNull();
  });

  it('events that do not hold together are refused', () => {
    expect(callDialProblem(NO_DIAL)).toBeNull();
    expect(callDialProblem({ ...dialled, answeredAt: 2_000, endedAt: 5_000, talkSeconds: 3, sipCode: 200 })).toBeNull();
    expect(callDialProblem({ ...dialled, answeredAt: 2_000, endedAt: 5_000, talkSeconds: 300 })).toMatch(/talk/);
    expect(callDialProblem({ ...dialled, answeredAt: 500 })).toMatch(/answered before/);
    expect(callDialProblem({ ...dialled, answeredAt: 2_000, endedAt: 1_500 })).toMatch(/ended before/);
    expect(callDialProblem({ ...NO_DIAL, talkSeconds: 60 })).toMatch(/dialled/);
    expect(contentIssues('calls', { id: 'c1', dial: { ...NO_DIAL, talkSeconds: 60 } })).toHaveLength(1);
  });
});
