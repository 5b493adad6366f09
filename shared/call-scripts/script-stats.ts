import type { Call, Script } from '../core/types.ts';

/** What real calls did at one step of a script version. */
export interface NodeStats {
  /** Calls that showed this step at least once. */
  reached: number;
  /** Calls whose last step was this one. */
  ended: number;
  /** Calls through this step that ended in a request for sales. */
  requests: number;
}

/** Calls that went from one step straight to another, and how many of them ended in a request. */
export interface EdgeStats {
  calls: number;
  requests: number;
}

export interface ScriptStats {
  calls: number;
  requests: number;
  nodes: Map<string, NodeStats>;
  /** Keyed `from>to`: the paths calls took, so the map can show which led to requests. */
  edges: Map<string, EdgeStats>;
}

export const edgeKey = (from: string, to: string): string => `${from}>${to}`;

/**
 * Per-node statistics of one script version from the calls that used it, for the editor to show on
 * the script itself: how many calls reached each step, where they ended, which steps led to requests.
 */
export function scriptStats(script: Pick<Script, 'scriptId' | 'version'>, calls: Iterable<Call>): ScriptStats {
  const nodes = new Map<string, NodeStats>();
  const at = (id: string) => {
    let s = nodes.get(id);
    if (!s) nodes.set(id, (s = { reached: 0, ended: 0, requests: 0 }));
    return s;
  };
  const edges = new Map<string, EdgeStats>();
  let total = 0;
  let requests = 0;
  for (const call of calls) {
    if (call.scriptId !== script.scriptId || call.scriptVersion !== script.version || call.path.length === 0) continue;
    total++;
    const request = call.outcome === 'request';
    if (request) requests++;
    for (const id of new Set(call.path)) {
      const s = at(id);
      s.reached++;
      if (request) s.requests++;
    }
    at(call.path[call.path.length - 1] as string).ended++;
    const walked = new Set<string>();
    for (let i = 1; i < call.path.length; i++) walked.add(edgeKey(call.path[i - 1] as string, call.path[i] as string));
    for (const key of walked) {
      const e = edges.get(key) ?? { calls: 0, requests: 0 };
      e.calls++;
      if (request) e.requests++;
      edges.set(key, e);
    }
  }
  return { calls: total, requests, nodes, edges };
}
