import { describe, expect, it } from 'vitest';
import { RENDERER_CSP } from '../shared/security/web-security.ts';
import { resolveAppRequest } from './app-protocol.ts';
import { PbxAddress } from './pbx-address.ts';

const settings = (wsUrl: string) => ({ id: 'global', telephony: { wsUrl } });

describe('the PBX address the desktop window allows', () => {
  it('is learned from the settings the server sends, kept, and opens the CSP to exactly it', () => {
    const saved: string[] = [];
    const pbx = new PbxAddress(null, (text) => saved.push(text));
    expect(pbx.csp()).toBe(RENDERER_CSP);
    expect(pbx.learn([settings('wss://pbx.example.com:8089/ws')])).toBe(true);
    expect(saved).toEqual(['wss://pbx.example.com:8089/ws']);
    expect(pbx.csp()).toContain("connect-src 'self' wss://pbx.example.com:8089/ws;");
    // The same again changes nothing; a settings page without telephony (an older server) neither.
    expect(pbx.learn([settings('wss://pbx.example.com:8089/ws')])).toBe(false);
    expect(pbx.learn([{ id: 'global' }])).toBe(false);
    // Taken away: the window no longer connects there.
    expect(pbx.learn([settings('')])).toBe(true);
    expect(pbx.csp()).toBe(RENDERER_CSP);
  });

  it('never takes an address a CSP could be bent with, even from a saved file', () => {
    const pbx = new PbxAddress("wss://x/; script-src 'unsafe-eval'", () => undefined);
    expect(pbx.source).toBe('');
    expect(pbx.learn([settings('https://pbx.example.com')])).toBe(false);
    expect(pbx.csp()).toBe(RENDERER_CSP);
  });

  it('serves the renderer with that policy', () => {
    const pbx = new PbxAddress('wss://pbx.example.com/ws', () => undefined);
    const answer = resolveAppRequest('app://leadline/', '/app', () => true, pbx.csp());
    expect(answer.status === 200 && answer.headers['content-security-policy']).toContain('wss://pbx.example.com/ws');
  });
});
