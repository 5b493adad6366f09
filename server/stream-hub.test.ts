import { describe, expect, it } from 'vitest';
import type { Role } from '../shared/core/types.ts';
import { currentVersion, ownVersions } from '../shared/schemas/versions.ts';
import { callbackOf } from './test-server.ts';
import { FAN_OUT_WINDOW_MS, STREAM_BUFFER_LIMIT, StreamHub, type StreamSubscriber } from './stream-hub.ts';

/** A stream's far end: what it was sent, as the client would read it. */
function stream(id: string, role: Role, options: Partial<StreamSubscriber> = {}) {
  /** What each socket write carried. */
  const writes: string[] = [];
  const frames: string[] = [];
  let state: 'open' | 'closed' | 'dropped' = 'open';
  const sub: StreamSubscriber = {
    actor: { id, role },
    sessionId: `s-${id}`,
    collections: new Set(['callbacks', 'calls']),
    shape: 'event',
    versions: ownVersions(),
    write: (text) => {
      writes.push(text);
      for (const frame of text.split('\n\n').filter(Boolean)) frames.push(`${frame}\n\n`);
      return true;
    },
    buffered: () => 0,
    close: () => (state = 'closed'),
    drop: () => (state = 'dropped'),
    ...options,
  };
  return {
    sub,
    writes,
    frames,
    state: () => state,
    events: () => frames.map((f) => JSON.parse(f.slice('data: '.length)) as { batch: { documents: { id: string }[] } }),
  };
}
/** One fan-out window and a little more. */
const tick = () => new Promise((resolve) => setTimeout(resolve, FAN_OUT_WINDOW_MS + 15));

describe('stream fan-out', () => {
  it('sends each stream only what its role may read, after the push is answered, in publish order', async () => {
    const hub = new StreamHub();
    const [sup, op1, op2] = [stream('sup', 'supervisor'), stream('op1', 'operator'), stream('op2', 'operator')];
    for (const s of [sup, op1, op2]) hub.add(s.sub);
    const mine = { ...callbackOf('op1'), id: 'cb-1' };
    const team = { ...callbackOf('op2'), id: 'cb-2', scope: 'team' as const };
    hub.publish('callbacks', [{ seq: 7, doc: mine }]);
    hub.publish('callbacks', [{ seq: 8, doc: team }]);
    expect(sup.frames).toEqual([]);
    await tick();
    expect(sup.events().map((e) => e.batch.documents.map((d) => d.id))).toEqual([['cb-1'], ['cb-2']]);
    expect(op1.events().map((e) => e.batch.documents.map((d) => d.id))).toEqual([['cb-1'], ['cb-2']]);
    expect(op2.events().map((e) => e.batch.documents.map((d) => d.id))).toEqual([['cb-2']]);
    expect(sup.events()[1]).toEqual({ collection: 'callbacks', batch: { documents: [team], checkpoint: { seq: 8 } } });
    // Both writes came in one window: one socket write each stream.
    expect(sup.writes).toHaveLength(1);
    hub.publish('callbacks', [{ seq: 9, doc: { ...mine, note: 'later' } }]);
    await tick();
    expect(sup.writes).toHaveLength(2);
  });

  it('serialises a write once per audience, and as each schema version and stream shape knows it', async () => {
    const hub = new StreamHub();
    const many = Array.from({ length: 50 }, (_, i) => stream(`sup${i}`, 'supervisor'));
    const single = stream('one', 'supervisor', { shape: 'batch' });
    const older = stream('old', 'supervisor', { versions: { ...ownVersions(), callbacks: 0 } });
    for (const s of [...many, single, older]) hub.add(s.sub);
    expect(currentVersion('callbacks')).toBeGreaterThan(0);
    hub.publish('callbacks', [{ seq: 3, doc: { ...callbackOf('op1'), id: 'cb' } }]);
    await tick();
    // One frame, the same string, for every stream of one audience.
    expect(new Set(many.map((s) => s.frames[0])).size).toBe(1);
    expect(JSON.parse(single.frames[0]!.slice(6))).toEqual({
      documents: [expect.objectContaining({ id: 'cb' })],
      checkpoint: { seq: 3 },
    });
    const old = older.events()[0]!.batch.documents[0]!;
    expect(old).not.toHaveProperty('askedFor');
    expect(many[0]!.events()[0]!.batch.documents[0]).toHaveProperty('askedFor');
  });

  it('cuts a stream whose client stopped reading; the others go on', async () => {
    const hub = new StreamHub();
    const stuck = stream('stuck', 'supervisor', { buffered: () => STREAM_BUFFER_LIMIT + 1 });
    const fine = stream('fine', 'supervisor');
    hub.add(stuck.sub);
    hub.add(fine.sub);
    hub.publish('calls', [{ seq: 1, doc: { id: 'c1', operatorId: 'op1', _deleted: false } }]);
    await tick();
    expect(stuck.state()).toBe('dropped');
    hub.publish('calls', [{ seq: 2, doc: { id: 'c2', operatorId: 'op1', _deleted: false } }]);
    await tick();
    expect(stuck.frames).toHaveLength(1);
    expect(fine.frames).toHaveLength(2);
    expect(hub.size).toBe(1);
  });
});
