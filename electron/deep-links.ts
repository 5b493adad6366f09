import { RECORD_ID } from '../shared/core/ids.ts';

/**
 * `leadline://` links from e-mail, a CRM or a colleague's chat: `leadline://prospect/<id>`,
 * `leadline://request/<id>`, `leadline://callback/<id>`. The OS hands them to the app on a cold start
 * (in argv), to the running app through a second launch (its argv, Windows and Linux) or `open-url`
 * (macOS). Anything not exactly of these shapes is refused: a link is input from outside.
 */

export const DEEP_LINK_SCHEME = 'leadline';

const KINDS = { prospect: 'prospects', request: 'requests', callback: 'callbacks' } as const;
export type DeepLinkKind = keyof typeof KINDS;

export interface DeepLink {
  kind: DeepLinkKind;
  id: string;
}

/** The link's record, or null when it is not a link of ours or names nothing a record can be. */
export function parseDeepLink(link: string): DeepLink | null {
  if (typeof link !== 'string' || link.length > 200) return null;
  // Read from the link as written, not as a URL parser normalises it: `prospect/../x` must not
  // become `x`, and escapes, queries, ports or credentials have no place in our links.
  const match = /^([A-Za-z]+):\/\/([a-z]+)\/([^/]*)\/?$/.exec(link);
  if (!match || match[1]!.toLowerCase() !== DEEP_LINK_SCHEME) return null;
  const kind = match[2]!;
  const id = match[3]!;
  if (!Object.hasOwn(KINDS, kind) || !RECORD_ID.test(id)) return null;
  return { kind: kind as DeepLinkKind, id };
}

/** The first link of ours among a launch's arguments (flags and paths are skipped). */
export function deepLinkFromArgv(argv: readonly string[]): DeepLink | null {
  for (const arg of argv) {
    if (!arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) continue;
    const link = parseDeepLink(arg);
    if (link) return link;
  }
  return null;
}

/** Where the renderer shows the linked record (renderer/app/routes.ts). */
export function routeOfDeepLink(link: DeepLink): { view: (typeof KINDS)[DeepLinkKind]; id: string } {
  return { view: KINDS[link.kind], id: link.id };
}
