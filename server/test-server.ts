import { NO_DIAL } from '../shared/telephony/call-events.ts';
import { afterEach, beforeEach, expect } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { uuidv7 } from '../shared/core/ids.ts';
import { buildProspect, emptyProspectInput } from '../shared/calling/prospect.ts';
import type { LoginResponse } from '../shared/sync/wire.ts';
import { createServer, type Server } from './app.ts';
import { configFromEnv, type ServerConfig } from './config.ts';

/** A fresh server with demo data for every test of the file that calls this, on its own data dir. */
export function serverUnderTest() {
  let current: Server | null = null;
  let dataDir = '';
  const start = async (overrides: Partial<ServerConfig> = {}) => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'leadline-server-'));
    current = await createServer({ ...configFromEnv({}), dataDir, demo: true, webRoot: null, ...overrides });
  };
  const stop = async () => {
    await current?.close();
    current = null;
    rmSync(dataDir, { recursive: true, force: true });
  };
  beforeEach(() => start());
  afterEach(stop);
  const sut = {
    get server(): Server {
      if (!current) throw new Error('no server running');
      return current;
    },
    /** Starts over with other settings. */
    async restart(overrides: Partial<ServerConfig>) {
      await stop();
      await start(overrides);
    },
    /** Document writes in the audit log (sign-ins and other events are not writes). */
    auditCount: async () =>
      Number(
        (await sut.server.backend.sql("SELECT COUNT(*) AS n FROM audit WHERE collection NOT IN ('auth', 'admin')"))[0]
          ?.n,
      ),
    login: (username = 'operator1', password = 'leadline-demo') =>
      sut.server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } }),
    /** A replication push of `rows` as the holder of `accessToken`. */
    push: (collection: string, accessToken: string, rows: unknown) =>
      sut.server.app.inject({
        method: 'POST',
        url: `/api/replication/${collection}/push`,
        headers: { authorization: `Bearer ${accessToken}` },
        payload: rows as object,
      }),
    async token(username = 'operator1'): Promise<LoginResponse> {
      const res = await sut.login(username);
      expect(res.statusCode).toBe(200);
      return res.json<LoginResponse>();
    },
  };
  return sut;
}

/** A personal callback of `operatorId`'s, due in an hour, as their client would push it. */
export function callbackOf(operatorId: string, now = Date.now()) {
  return {
    id: uuidv7(),
    createdAt: now,
    updatedAt: now,
    prospectId: 'demo-p-000001',
    dueAt: now + 3_600_000,
    askedFor: now + 3_600_000,
    outsideHoursAllowedAt: 0,
    timeZone: 'Europe/Moscow',
    reason: 'requested' as const,
    scope: 'personal' as 'personal' | 'team',
    assigneeId: operatorId,
    createdBy: operatorId,
    done: false,
    doneAt: 0,
    note: '',
    _deleted: false,
  };
}

/** A call document as an operator's client would push it. */
export function callBy(operatorId: string) {
  return {
    id: uuidv7(),
    createdAt: 1,
    updatedAt: 1,
    prospectId: 'demo-p-000001',
    operatorId,
    callListId: '',
    startedAt: 1,
    endedAt: 2,
    scriptId: '',
    scriptVersion: 0,
    path: [],
    answers: [],
    outcome: 'no_answer',
    notes: '',
    dial: { ...NO_DIAL },
    _deleted: false,
  };
}

export function prospect(ownerId: string) {
  const r = buildProspect(
    { ...emptyProspectInput(), name: 'ООО «Тест»', phone: '+7 495 000-00-01' },
    { id: uuidv7(), actorId: ownerId, now: Date.now() },
  );
  if (!r.ok) throw new Error('bad fixture');
  return { ...r.prospect, _deleted: false };
}
