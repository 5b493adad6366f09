import { describe, expect, it } from 'vitest';
import { deepLinkFromArgv, parseDeepLink, routeOfDeepLink } from './deep-links.ts';

describe('deep links', () => {
  it.each([
    [
      'leadline://prospect/019372a1-7c4e-7f00-8a1b-0c2d3e4f5a6b',
      { kind: 'prospect', id: '019372a1-7c4e-7f00-8a1b-0c2d3e4f5a6b' },
    ],
    ['leadline://request/demo-rq-1', { kind: 'request', id: 'demo-rq-1' }],
    ['leadline://callback/demo-cb-r3', { kind: 'callback', id: 'demo-cb-r3' }],
    ['leadline://prospect/demo-p-000001/', { kind: 'prospect', id: 'demo-p-000001' }], // as Windows passes it
    ['LEADLINE://prospect/abc', { kind: 'prospect', id: 'abc' }], // schemes are case-insensitive
  ])('reads %s', (link, expected) => {
    expect(parseDeepLink(link)).toEqual(expected);
  });

  it.each([
    'leadline://prospect/',
    'leadline://prospect',
    'leadline://prospect/a/b',
    'leadline://prospect/../../etc/passwd',
    'leadline://prospect/%2e%2e%2fsettings',
    'leadline://prospect/%3Cscript%3E',
    'leadline://prospect/-rf',
    'leadline://prospect/a b',
    `leadline://prospect/${'a'.repeat(65)}`,
    `leadline://prospect/${'a'.repeat(300)}`,
    'leadline://PROSPECT/abc',
    'leadline://settings/server',
    'leadline://__proto__/abc',
    'leadline://constructor/abc',
    'leadline://prospect/abc?server=https://evil.example',
    'leadline://prospect/abc#x',
    'leadline://user:pass@prospect/abc',
    'leadline://prospect:8080/abc',
    'leadline:prospect/abc',
    'https://leadline.example/prospect/abc',
    'javascript:alert(1)',
    'file:///etc/passwd',
    '',
    'not a url',
  ])('refuses %s', (link) => {
    expect(parseDeepLink(link)).toBeNull();
  });

  it('finds the link among a launch’s arguments, as Windows and Linux pass it to a second instance', () => {
    expect(
      deepLinkFromArgv(['C:\\Program Files\\Leadline\\Leadline.exe', '--allow-file-access', 'leadline://request/r-1/']),
    ).toEqual({ kind: 'request', id: 'r-1' });
    expect(deepLinkFromArgv(['/usr/bin/leadline', 'leadline://prospect/../x', '--flag'])).toBeNull();
    expect(deepLinkFromArgv(['/usr/bin/leadline'])).toBeNull();
  });

  it('routes each kind to its screen', () => {
    expect(routeOfDeepLink({ kind: 'prospect', id: 'p' })).toEqual({ view: 'prospects', id: 'p' });
    expect(routeOfDeepLink({ kind: 'request', id: 'r' })).toEqual({ view: 'requests', id: 'r' });
    expect(routeOfDeepLink({ kind: 'callback', id: 'c' })).toEqual({ view: 'callbacks', id: 'c' });
  });
});
