import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute, VIEWS } from './routes.ts';

describe('route table', () => {
  it.each([
    [
      '#/prospects/019372a1-7c4e-7f00-8a1b-0c2d3e4f5a6b',
      { view: 'prospects', id: '019372a1-7c4e-7f00-8a1b-0c2d3e4f5a6b' },
    ],
    ['#/prospects/demo-p-000001', { view: 'prospects', id: 'demo-p-000001' }],
    ['#/prospects', { view: 'prospects', id: null }],
    ['#/prospects/', { view: 'prospects', id: null }],
    ['#/requests/r1', { view: 'requests', id: 'r1' }],
    ['#/callbacks/demo-cb-r3', { view: 'callbacks', id: 'demo-cb-r3' }],
    ['#/scripts/s-1', { view: 'scripts', id: 's-1' }],
    ['#/lists/demo-list-1', { view: 'lists', id: 'demo-list-1' }],
    ['#/future-needs', { view: 'future', id: null }],
    ['#/list-requests', { view: 'listRequests', id: null }],
    ['#/dashboard', { view: 'dashboard', id: null }],
    // Addresses written before records had them.
    ['#prospects', { view: 'prospects', id: null }],
    ['#listRequests', { view: 'listRequests', id: null }],
  ])('reads %s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it.each([
    '',
    '#',
    '#/',
    '#/nowhere',
    '#/prospects/a/b',
    '#/dashboard/123', // a screen without records takes no id
    '#/future/x',
    '#/prospects/..%2F..%2Fetc',
    '#/prospects/%3Cscript%3E',
    '#/prospects/-leading-dash',
    `#/prospects/${'x'.repeat(65)}`,
    '#/prospects/a%20b',
    '#/prospects/%E0%A4%A', // a broken escape must not throw at start-up
    '#/prospects/abc%2D1',
    '#javascript:alert(1)',
    '#__proto__',
    '#/__proto__',
    '#/constructor',
  ])('refuses %s', (hash) => {
    expect(parseRoute(hash)).toBeNull();
  });

  it('writes every view back to the same route, records included', () => {
    for (const view of VIEWS) {
      expect(parseRoute(formatRoute({ view, id: null }))).toEqual({ view, id: null });
    }
    for (const view of ['prospects', 'requests', 'callbacks', 'scripts', 'lists'] as const) {
      expect(parseRoute(formatRoute({ view, id: 'abc-123' }))).toEqual({ view, id: 'abc-123' });
    }
    // An id that is no record id, or on a screen without records, is left out of the address.
    expect(formatRoute({ view: 'prospects', id: '../x' })).toBe('#/prospects');
    expect(formatRoute({ view: 'dashboard', id: 'abc' })).toBe('#/dashboard');
  });
});
