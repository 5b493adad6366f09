import type { Answer, CallOutcome, Script, ScriptNode } from '../core/types.ts';
import { answerKey, isScriptField } from './script-fields.ts';

/**
 * Walking a branching call script. The run is plain data, so an interrupted call is restored
 * exactly: where the operator is, the path taken, the answers given, and where an objection returns.
 */

export interface ScriptRun {
  scriptId: string;
  version: number;
  nodeId: string;
  /** Every node shown, in order; stored on the call. */
  path: string[];
  answers: Answer[];
  /** Where an objection handler returns to; '' when not in one. */
  returnTo: string;
}

export function startRun(script: Script): ScriptRun {
  return {
    scriptId: script.scriptId,
    version: script.version,
    nodeId: script.startNodeId,
    path: [script.startNodeId],
    answers: [],
    returnTo: '',
  };
}

export function nodeOf(script: Script, id: string): ScriptNode | undefined {
  return script.nodes.find((n) => n.id === id);
}

export function currentNode(script: Script, run: ScriptRun): ScriptNode | undefined {
  return nodeOf(script, run.nodeId);
}

function moveTo(run: ScriptRun, nodeId: string, answers: Answer[], returnTo: string): ScriptRun {
  return { ...run, nodeId, path: [...run.path, nodeId], answers, returnTo };
}

function withAnswer(answers: Answer[], key: string, value: string): Answer[] {
  return [...answers.filter((a) => a.key !== key), { key, value }];
}

/** Picks an option of the current node; the answer is recorded under the node's field (or the step). */
export function choose(script: Script, run: ScriptRun, optionId: string): ScriptRun {
  const node = currentNode(script, run);
  const option = node?.options.find((o) => o.id === optionId);
  if (!node || !option) throw new Error(`No option ${optionId} at ${run.nodeId}`);
  const answers = withAnswer(run.answers, answerKey(node), option.label);
  return moveTo(run, option.next || node.next, answers, run.returnTo);
}

/** Records a free-text answer (or just moves on from a `say` node) and follows the node's `next`. */
export function proceed(script: Script, run: ScriptRun, text = ''): ScriptRun {
  const node = currentNode(script, run);
  if (!node) throw new Error(`No node ${run.nodeId}`);
  const answers =
    node.kind === 'ask' && text.trim() ? withAnswer(run.answers, answerKey(node), text.trim()) : run.answers;
  if (node.kind === 'objection') return moveTo(run, node.next || run.returnTo, answers, '');
  if (!node.next) throw new Error(`Node ${node.id} has no way on`);
  return moveTo(run, node.next, answers, run.returnTo);
}

/** Opens an objection handler from anywhere; proceeding from it returns to where the call was. */
export function openObjection(script: Script, run: ScriptRun, objectionId: string): ScriptRun {
  const node = nodeOf(script, objectionId);
  if (node?.kind !== 'objection') throw new Error(`${objectionId} is not an objection handler`);
  return moveTo(run, objectionId, run.answers, run.returnTo || run.nodeId);
}

export function objections(script: Script): ScriptNode[] {
  return script.nodes.filter((n) => n.kind === 'objection');
}

/** The outcome the script suggests once it reaches an end node. */
export function suggestedOutcome(script: Script, run: ScriptRun): CallOutcome | null {
  const node = currentNode(script, run);
  return node?.kind === 'end' && node.outcome ? node.outcome : null;
}

export function answerOf(run: Pick<ScriptRun, 'answers'>, key: string): string {
  return run.answers.find((a) => a.key === key)?.value ?? '';
}

/** Replaces {operator}, {contact}, {company} (and any other {name} given) in a node's text. */
export function substitute(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] || whole);
}

/** Problems that would strand an operator mid-call: links to missing nodes, dead ends. */
export function scriptProblems(script: Script): string[] {
  const ids = new Set(script.nodes.map((n) => n.id));
  const problems: string[] = [];
  if (!ids.has(script.startNodeId)) problems.push(`start node ${script.startNodeId} does not exist`);
  for (const n of script.nodes) {
    for (const o of n.options) {
      if (o.next && !ids.has(o.next)) problems.push(`${n.id}: option ${o.id} leads to missing ${o.next}`);
      if (!o.next && !n.next && n.kind !== 'end') problems.push(`${n.id}: option ${o.id} leads nowhere`);
    }
    if (n.next && !ids.has(n.next)) problems.push(`${n.id}: next ${n.next} does not exist`);
    if ((n.kind === 'say' || n.kind === 'ask') && n.options.length === 0 && !n.next) problems.push(`${n.id}: dead end`);
    if (n.field && !isScriptField(n.field))
      problems.push(`${n.id}: field ${n.field} is not one the request form knows`);
  }
  return problems;
}
