import { schemas } from '../schemas/index.ts';
import { scriptProblems } from './script-runner.ts';
import type { Script, ScriptNode, ScriptNodeKind } from '../core/types.ts';
import { describeIssues, validate } from '../schemas/validate.ts';

/**
 * Editing call scripts: drafts, published versions, nodes, JSON exchange. Pure functions on
 * documents; the editor saves what they return, the server applies `checkScriptChange`.
 *
 * A published version never changes (calls keep the version they used and the statistics are
 * counted per version); editing one starts a new draft version.
 */

/** Where answers can land: the request form and the future-need record read these. */

/** The fields of a version that make it what calls used; only `status` moves after publishing. */
const CONTENT: readonly (keyof Script)[] = ['scriptId', 'version', 'name', 'language', 'startNodeId', 'nodes'];

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A published version whose time has not come: no call has used it, so it can still change. */
export function isScheduled(script: Pick<Script, 'status' | 'publishAt'>, now: number): boolean {
  return script.status === 'published' && script.publishAt > now;
}

/** Null when the change may be stored, else why not. Applied by the server to every pushed script. */
export function checkScriptChange(
  stored: Script | null,
  next: Script & { _deleted?: boolean },
  now: number,
): string | null {
  if (stored && stored.status !== 'draft' && !isScheduled(stored, now)) {
    if (next._deleted) return `version ${stored.version} was published and is kept`;
    const changed = [...CONTENT, 'publishAt' as const].find((f) => !same(stored[f], next[f]));
    if (changed) return `version ${stored.version} was published: its ${changed} cannot change; edit a new draft`;
    if (next.status === 'draft') return 'a published version cannot go back to draft';
  }
  if (next.status === 'published' && !next._deleted) {
    const problems = scriptProblems(next);
    if (problems.length > 0) return `cannot publish: ${problems.join('; ')}`;
  }
  return null;
}

/** The versions of one script, newest first. */
export function versionsOf(scripts: readonly Script[], scriptId: string): Script[] {
  return scripts.filter((s) => s.scriptId === scriptId).toSorted((a, b) => b.version - a.version);
}

/**
 * The script a call follows: the live version (published, its time come) of the list's script when
 * the list names one, else the newest live script in the operator's language, else any live one.
 */
export function scriptForCall(
  scripts: readonly Script[],
  language: 'ru' | 'en',
  listScriptId: string,
  now: number,
): Script | null {
  const published = scripts
    .filter((s) => s.status === 'published' && s.publishAt <= now)
    .toSorted((a, b) => b.version - a.version);
  const named = listScriptId ? published.find((s) => s.scriptId === listScriptId) : undefined;
  return named ?? published.find((s) => s.language === language) ?? published[0] ?? null;
}

/** A new draft version with the content of `source`, numbered after every version there is. */
export function draftFrom(source: Script, all: readonly Script[], now: number, id: string): Script {
  const top = Math.max(0, ...versionsOf(all, source.scriptId).map((s) => s.version));
  return {
    ...structuredClone(source),
    id,
    version: top + 1,
    status: 'draft',
    publishAt: 0,
    createdAt: now,
    updatedAt: now,
  };
}

/** A new script: a greeting and an end, enough to publish and grow from. */
export function newScript(name: string, language: 'ru' | 'en', now: number, id: string, scriptId: string): Script {
  return {
    id,
    scriptId,
    version: 1,
    status: 'draft',
    publishAt: 0,
    name,
    language,
    startNodeId: 'start',
    createdAt: now,
    updatedAt: now,
    nodes: [
      { ...blankNode('say', 'start'), title: 'Start', next: 'end' },
      { ...blankNode('end', 'end'), title: 'End', outcome: 'no_answer' },
    ],
  };
}

/**
 * A step's name for people (the map, the answer targets, the history): its title, or the start of
 * what the operator says, cut at a word; '' for an empty step. Never its id.
 */
export function stepName(node: Pick<ScriptNode, 'title' | 'text'>, max = 48): string {
  const title = node.title.trim();
  if (title) return title;
  const text = node.text.replace(/\s+/g, ' ').trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:!?—-]+$/, '')}…`;
}

/**
 * Publishing `draft`, now or from `at`. Now: it goes live and every other published version of the
 * script is archived. Scheduled: it waits, published from `at`, while the live version stays in use
 * until then (calls take the newest version whose time has come).
 */
export function publishPlan(
  draft: Script,
  all: readonly Script[],
  now: number,
  at = now,
): { ok: true; docs: Script[] } | { ok: false; problems: string[] } {
  const problems = scriptProblems(draft);
  if (problems.length > 0) return { ok: false, problems };
  // Published now is publishAt 0, not this workstation's clock: a clock running ahead must not make
  // a live version look scheduled (and so still editable) to the server.
  const published = { ...draft, status: 'published' as const, publishAt: at > now ? at : 0, updatedAt: now };
  if (at > now) return { ok: true, docs: [published] };
  const archived = versionsOf(all, draft.scriptId)
    .filter((s) => s.status === 'published' && s.id !== draft.id)
    .map((s) => ({ ...s, status: 'archived' as const, updatedAt: now }));
  return { ok: true, docs: [published, ...archived] };
}

export function blankNode(kind: ScriptNodeKind, id: string): ScriptNode {
  return { id, kind, title: '', text: '', field: '', options: [], next: '', outcome: '' };
}

/** A node id not used yet in the script: `ask-3`, `end-2`, … */
export function freeNodeId(script: Script, kind: ScriptNodeKind): string {
  const ids = new Set(script.nodes.map((n) => n.id));
  for (let i = 1; ; i++) if (!ids.has(`${kind}-${i}`)) return `${kind}-${i}`;
}

export function addNode(script: Script, kind: ScriptNodeKind): { script: Script; id: string } {
  const id = freeNodeId(script, kind);
  return { script: { ...script, nodes: [...script.nodes, blankNode(kind, id)] }, id };
}

export function replaceNode(script: Script, node: ScriptNode): Script {
  return { ...script, nodes: script.nodes.map((n) => (n.id === node.id ? node : n)) };
}

/** Removes a node and every link to it (those steps then show as dead ends until relinked). */
export function removeNode(script: Script, id: string): Script {
  if (id === script.startNodeId) throw new Error('The start node cannot be removed; make another node the start');
  return {
    ...script,
    nodes: script.nodes
      .filter((n) => n.id !== id)
      .map((n) => ({
        ...n,
        next: n.next === id ? '' : n.next,
        options: n.options.map((o) => (o.next === id ? { ...o, next: '' } : o)),
      })),
  };
}

/** The exchange format: what a script is, without who stored it when. */
export interface ScriptFile {
  format: 'leadline-script';
  formatVersion: 1;
  name: string;
  language: 'ru' | 'en';
  startNodeId: string;
  nodes: ScriptNode[];
}

export function exportScript(script: Script): string {
  const file: ScriptFile = {
    format: 'leadline-script',
    formatVersion: 1,
    name: script.name,
    language: script.language,
    startNodeId: script.startNodeId,
    nodes: script.nodes,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * Reads an exported script into a new draft version of `into`. Anything that is not a whole,
 * well-formed script is refused with the reason; links to missing nodes are refused too, since a
 * draft that cannot be walked is no use to anyone.
 */
export function importScript(
  text: string,
  into: Pick<Script, 'id' | 'scriptId' | 'version' | 'createdAt' | 'updatedAt'>,
): { ok: true; script: Script } | { ok: false; error: string } {
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  if (typeof file !== 'object' || file === null || (file as { format?: unknown }).format !== 'leadline-script') {
    return { ok: false, error: 'not a Leadline script file' };
  }
  const f = file as Partial<ScriptFile>;
  const script = {
    ...into,
    status: 'draft',
    publishAt: 0,
    name: f.name,
    language: f.language,
    startNodeId: f.startNodeId,
    nodes: f.nodes,
  } as Script;
  const issues = validate(schemas.scripts, script);
  if (issues.length > 0) return { ok: false, error: describeIssues(issues) };
  const problems = scriptProblems(script);
  if (problems.length > 0) return { ok: false, error: problems.join('; ') };
  const ids = script.nodes.map((n) => n.id);
  if (new Set(ids).size !== ids.length) return { ok: false, error: 'two nodes share an id' };
  return { ok: true, script };
}

export interface NodePlace {
  id: string;
  /** Steps from the start; objection handlers sit in their own row below. */
  column: number;
  row: number;
}

export interface ScriptEdge {
  from: string;
  to: string;
  label: string;
}

/**
 * Where each node sits on the editor's canvas: columns by distance from the start (breadth
 * first), so a script reads left to right as a call goes; nodes nothing leads to come last;
 * objection handlers, reachable from anywhere, form the bottom row.
 */
export function layoutScript(script: Script): { places: NodePlace[]; edges: ScriptEdge[]; rows: number } {
  const byId = new Map(script.nodes.map((n) => [n.id, n]));
  const depth = new Map<string, number>();
  const queue: string[] = [];
  if (byId.has(script.startNodeId)) {
    depth.set(script.startNodeId, 0);
    queue.push(script.startNodeId);
  }
  const targets = (n: ScriptNode) => [...n.options.map((o) => o.next), n.next].filter((t) => t && byId.has(t));
  while (queue.length > 0) {
    const id = queue.shift() as string;
    const node = byId.get(id) as ScriptNode;
    for (const to of targets(node)) {
      if (depth.has(to) || byId.get(to)?.kind === 'objection') continue;
      depth.set(to, (depth.get(id) ?? 0) + 1);
      queue.push(to);
    }
  }
  const maxDepth = Math.max(0, ...depth.values());
  const flow = script.nodes.filter((n) => n.kind !== 'objection');
  const columns = new Map<number, string[]>();
  for (const n of flow) {
    const col = depth.get(n.id) ?? maxDepth + 1;
    columns.set(col, [...(columns.get(col) ?? []), n.id]);
  }
  const places: NodePlace[] = [];
  let rows = 0;
  for (const [column, ids] of columns) {
    ids.forEach((id, row) => places.push({ id, column, row }));
    rows = Math.max(rows, ids.length);
  }
  script.nodes.filter((n) => n.kind === 'objection').forEach((n, i) => places.push({ id: n.id, column: i, row: rows }));
  const edges: ScriptEdge[] = [];
  for (const n of script.nodes) {
    for (const o of n.options) if (o.next && byId.has(o.next)) edges.push({ from: n.id, to: o.next, label: o.label });
    if (n.next && byId.has(n.next)) edges.push({ from: n.id, to: n.next, label: '' });
  }
  const hasObjections = script.nodes.some((n) => n.kind === 'objection');
  return { places, edges, rows: rows + (hasObjections ? 1 : 0) };
}
