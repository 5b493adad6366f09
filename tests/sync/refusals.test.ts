import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Script } from '../../shared/core/types.ts';
import { refusals } from '../../renderer/db/refusals.ts';
import { connectClient, eventually, startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

describe('a change the server refuses for good', () => {
  it('is undone here with the reason, and does not hold back the rest of the push', async () => {
    // A stale workstation: it edits version 1 of the script (published, so it is kept as calls used
    // it), creates a broken "published" script, and writes a good draft, all in one push.
    const head = await connectClient(server.url, 'supervisor1');
    try {
      const v1 = (await head.db.scripts.findOne('demo-script-intro-v1-en').exec())!.toMutableJSON() as Script;
      const now = Date.now();
      const draft: Script = { ...v1, id: 'intro-v2-en', version: 2, status: 'draft', name: 'Shorter', updatedAt: now };
      const broken: Script = { ...v1, id: 'broken-v1', scriptId: 'broken', startNodeId: 'nowhere', updatedAt: now };
      head.goOffline();
      await head.repo.saveMany('scripts', [{ ...v1, name: 'Rewritten', updatedAt: now }, broken, draft]);
      head.goOnline();

      // The good draft lands; the two refused changes are undone locally.
      await eventually(async () =>
        expect(await server.server.docs.get('scripts', 'intro-v2-en')).toMatchObject({ name: 'Shorter' }),
      );
      await eventually(async () => {
        const local = (await head.db.scripts.findOne(v1.id).exec())?.toMutableJSON() as Script | undefined;
        expect(local?.name).toBe(v1.name);
        expect(await head.db.scripts.findOne('broken-v1').exec()).toBeNull();
      });
      expect(await server.server.docs.get('scripts', v1.id)).toMatchObject({ name: v1.name, status: 'published' });
      expect(await server.server.docs.get('scripts', 'broken-v1')).toBeNull();
      expect(refusals.latest?.collection).toBe('scripts');
      expect(refusals.latest?.message).toMatch(/was published|cannot publish/);
      expect(refusals.latest?.code).toBe('script_locked');
      // Nothing waits any more: the next change of that collection syncs as usual.
      await eventually(() => expect(head.repo.pending.count).toBe(0));
      await head.repo.save('scripts', { ...draft, name: 'Shorter still', updatedAt: Date.now() });
      await eventually(async () =>
        expect(await server.server.docs.get('scripts', 'intro-v2-en')).toMatchObject({ name: 'Shorter still' }),
      );
    } finally {
      await head.close();
    }
  });
});
