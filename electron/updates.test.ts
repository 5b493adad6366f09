import { describe, expect, it } from 'vitest';
import { mayInstallNow, updateFeed } from './updates.ts';

describe('updates', () => {
  it('installs on request only with no call up and nothing unsent', () => {
    expect(mayInstallNow({ inCall: false, unsent: 0 }, '1.2.0')).toEqual({ ok: true });
    expect(mayInstallNow({ inCall: true, unsent: 0 }, '1.2.0')).toEqual({ ok: false, reason: 'in_call' });
    expect(mayInstallNow({ inCall: false, unsent: 3 }, '1.2.0')).toEqual({ ok: false, reason: 'unsent_work' });
    expect(mayInstallNow({ inCall: true, unsent: 3 }, '1.2.0')).toEqual({ ok: false, reason: 'in_call' });
    expect(mayInstallNow({ inCall: false, unsent: 0 }, null)).toEqual({ ok: false, reason: 'nothing_ready' });
  });

  it('reads updates from the company server, on the deployment’s channel', () => {
    expect(updateFeed('https://leadline.corp.example', 'beta')).toBe('https://leadline.corp.example/updates/beta/');
    expect(updateFeed('https://leadline.corp.example', '../../etc')).toBe(
      'https://leadline.corp.example/updates/stable/',
    );
    expect(updateFeed(null, 'stable')).toBeNull();
  });
});
