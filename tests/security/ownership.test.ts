import { NO_DIAL } from '../../shared/telephony/call-events.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/core/ids.ts';
import { jsonEqual } from '../../shared/core/equal.ts';
import { COLLECTIONS, type CollectionName, ROLES, type Role } from '../../shared/core/types.ts';
import { newRequest } from '../../shared/requests/request-flow.ts';
import { type FieldOwner, initialValue, OWNERSHIP } from '../../shared/security/ownership.ts';
import { schemas } from '../../shared/schemas/index.ts';
import type { LoginResponse } from '../../shared/sync/wire.ts';
import { callBy, callbackOf } from '../../server/test-server.ts';
import { PASSWORD, startTestServer, type TestServer } from '../sync/harness.ts';

/**
 * Every cell of role × collection × field × action of the ownership table, tried against a real
 * server on loopback: creating a document with the field set to a value of the role's choosing,
 * changing the field of a stored document the role may otherwise work on, deleting and bringing
 * back. The expectation is read from the table; the server's answer and the stored document must
 * agree with it.
 */

type Doc = Record<string, unknown>;
type Outcome = 'stored' | 'replaced' | 'refused';

const USERS: Record<Role, string> = {
  operator: 'operator1',
  sales: 'sales1',
  supervisor: 'supervisor1',
  admin: 'admin',
};
const HOUR = 3_600_000;

let ts: TestServer;
const sessions = {} as Record<Role, LoginResponse>;
let otherId = '';
/** A request per role whose operator is that user, for history entries to point at. */
const requestOf = {} as Record<Role, string>;

beforeAll(async () => {
  ts = await startTestServer();
  for (const role of ROLES) {
    const res = await fetch(`${ts.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: USERS[role], password: PASSWORD }),
    });
    sessions[role] = (await res.json()) as LoginResponse;
  }
  otherId = String((await ts.server.docs.all('users')).find((u) => u.username === 'operator2')?.id);
  for (const role of ROLES) {
    const id = uuidv7();
    const request = newRequest({
      id,
      createdAt: 1,
      prospectId: 'demo-p-000001',
      operatorId: sessions[role].user.id,
      need: 'x',
    });
    await ts.server.docs.writeSystem('requests', [{ ...request, _deleted: false }]);
    requestOf[role] = id;
  }
});
afterAll(() => ts.stop());

/** A valid document of the collection as `role` would create it, owned by them where ownership counts. */
async function base(collection: CollectionName, role: Role): Promise<Doc> {
  const me = sessions[role].user.id;
  const now = Date.now();
  const id = uuidv7();
  const common = { id, createdAt: now, updatedAt: now };
  const template = async (c: CollectionName, from: string) => ({ ...(await ts.server.docs.get(c, from))!, ...common });
  switch (collection) {
    case 'prospects':
      return {
        ...(await template('prospects', 'demo-p-000002')),
        ownerId: '',
        createdBy: me,
        claimedBy: '',
        claimedUntil: 0,
      };
    case 'calls':
      return { ...callBy(me), ...common, startedAt: now - 60_000, endedAt: now };
    case 'callbacks':
      return { ...callbackOf(me, now), ...common };
    case 'requests':
      return { ...newRequest({ ...common, prospectId: 'demo-p-000001', operatorId: me, need: 'Проёмы' }) };
    case 'requestEvents':
      return {
        ...common,
        requestId: requestOf[role],
        operatorId: me,
        authorId: me,
        kind: 'comment',
        fromStatus: '',
        toStatus: '',
        text: 'Перезвонили',
        refId: '',
      };
    case 'callLists':
      return await template('callLists', 'demo-list-1');
    case 'scripts':
      return { ...(await template('scripts', 'demo-script-intro-v1-ru')), scriptId: id, status: 'draft', publishAt: 0 };
    case 'users':
      return { ...common, username: `u${id.slice(-8)}`, name: 'Новый', role: 'operator', team: '', active: true };
    case 'settings':
      return await template('settings', 'global');
    case 'listRequests':
      return {
        ...common,
        requestedBy: me,
        title: 'Стройка, Урал',
        criteria: '',
        priority: 0,
        comment: '',
        dueDate: '',
        status: 'new',
        listId: '',
        response: '',
      };
  }
}

/** A stored document `role` may work on: for sales, a request they took; for operators, their own. */
async function stored(collection: CollectionName, role: Role): Promise<Doc> {
  const doc = await base(collection, role);
  if (collection === 'requests') {
    const me = sessions[role].user.id;
    return { ...doc, status: 'accepted', salesOwnerId: role === 'sales' ? me : '', acceptedAt: 1 };
  }
  return doc;
}

/** A valid value different from the base document's, of the role's choosing. */
function alt(collection: CollectionName, field: string, role: Role, doc: Doc): unknown {
  const owner = OWNERSHIP[collection].fields[field]!;
  const allowed = owner.values?.[role];
  if (allowed) return allowed.find((v) => v !== doc[field]) ?? 'status_change';
  if (owner.refers) {
    // Another role's request: someone else's for an operator.
    return requestOf[role === 'operator' ? 'supervisor' : 'operator'];
  }
  if (owner.bind || ['createdBy', 'operatorId', 'authorId', 'requestedBy', 'salesOwnerId'].includes(field)) {
    return otherId;
  }
  const value = doc[field];
  const v = value as Doc;
  const objects: Record<string, () => unknown> = {
    expectedNeed: () => ({
      description: 'Тендер',
      date: '2027-03-01',
      precision: 'month',
      confidence: 50,
      trigger: 'т',
    }),
    contacts: () => [{ id: 'c-alt', name: 'Иван', position: '', phone: '', phoneExt: '', email: '' }],
    path: () => ['greet', 'need'],
    answers: () => [{ key: 'need', value: 'Проёмы' }],
    criteria: () => (collection === 'callLists' ? { ...v, minAttempts: 2 } : 'Стройка'),
    assigneeIds: () => [otherId],
    assigneeTeams: () => ['Бета'],
    callWindow: () => ({ ...v, from: '08:30' }),
    retry: () => ({ ...v, maxAttempts: Number(v.maxAttempts) + 1 }),
    nodes: () => (value as Doc[]).map((n, i) => (i === 0 ? { ...n, text: `${String(n.text)} (2)` } : n)),
    sla: () => ({ ...v, acceptHours: Number(v.acceptHours) + 1 }),
    workingHours: () => ({ ...v, from: '08:30' }),
    bonus: () => ({ ...v, perRequest: Number(v.perRequest) + 1 }),
    callingHours: () => ({ ...v, from: '08:30' }),
    claimedUntil: () => Date.now() + 365 * 24 * HOUR,
    dial: () => ({
      ...NO_DIAL,
      number: '84951110001',
      sipCallId: 'a84b4c76e66710@pc33',
      dialledAt: 1_000,
      answeredAt: 4_000,
      endedAt: 64_000,
      talkSeconds: 60,
      hangupBy: 'prospect',
      sipCode: 200,
      cause: 'BYE',
    }),
    telephony: () => ({ ...v, wsUrl: 'wss://pbx.example.com/ws' }),
    timeZone: () => 'Asia/Novosibirsk',
    phone: () => '+74950000099',
    phoneKey: () => '74950000099',
    phoneExt: () => '123',
    taxId: () => '7707083893',
    orderDate: () => '2026-12-01',
    dueDate: () => '2026-12-01',
    activeFrom: () => '2026-12-01',
    activeTo: () => '2027-12-01',
    startNodeId: () => 'need',
    toStatus: () => 'prod',
    kind: () => (collection === 'requestEvents' ? 'escalation' : value === 'company' ? 'person' : 'company'),
    status: () =>
      (({ prospects: 'in_work', requests: 'in_progress', scripts: 'archived', listRequests: 'done' }) as Doc)[
        collection
      ],
  };
  if (objects[field]) return objects[field]();
  const choices = schemas[collection].properties[field]?.enum;
  if (choices) return choices.find((c) => c !== value);
  if (typeof value === 'string') return `${value}альт`.slice(0, 10);
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'number') return value + 3;
  throw new Error(`no test value for ${collection}.${field}`);
}

function expectCreate(collection: CollectionName, owner: FieldOwner, role: Role, value: unknown): Outcome {
  if (!OWNERSHIP[collection].create.includes(role)) return 'refused';
  if (owner.server) return 'replaced';
  // A field the role may not choose may still hold its initial value (a list created inactive).
  if (owner.claim || !owner.set.includes(role))
    return jsonEqual(value, initialValue(owner, value)) ? 'stored' : 'refused';
  if (owner.bind?.[role]) return 'refused'; // the alternative is another user's id
  if (owner.refers?.mine?.[role]) return 'refused'; // it points at another user's document
  if (owner.values?.[role] && !owner.values[role].includes(String(value))) return 'refused';
  return 'stored';
}

function expectChange(collection: CollectionName, owner: FieldOwner, role: Role): Outcome {
  const table = OWNERSHIP[collection];
  if (owner.server) {
    return Object.values(table.fields).some((f) => f.change.includes(role)) ? 'replaced' : 'refused';
  }
  if (!owner.change.includes(role) || owner.claim) return 'refused';
  if (owner.bind?.[role]) return 'refused'; // another user's id, over a value that is not empty
  return 'stored';
}

async function push(role: Role, collection: CollectionName, row: object): Promise<Response> {
  return fetch(`${ts.url}/api/replication/${collection}/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${sessions[role].accessToken}` },
    body: JSON.stringify([row]),
  });
}

async function outcome(res: Response, collection: CollectionName, id: string, field: string, value: unknown) {
  const body = (await res.json()) as unknown;
  if (res.status === 403) return 'refused';
  expect(res.status, JSON.stringify(body)).toBe(200);
  expect(body).toEqual([]);
  const now = (await ts.server.docs.get(collection, id))!;
  return jsonEqual(now[field], value) ? 'stored' : 'replaced';
}

const cells = COLLECTIONS.flatMap((collection) =>
  Object.keys(OWNERSHIP[collection].fields).flatMap((field) => ROLES.map((role) => ({ collection, field, role }))),
);

describe('the ownership table, cell by cell, against a running server', () => {
  it('names an owner for every field of every collection', () => {
    for (const collection of COLLECTIONS) {
      const fields = Object.keys(schemas[collection].properties).filter(
        (f) => !['id', 'createdAt', 'updatedAt'].includes(f),
      );
      expect(Object.keys(OWNERSHIP[collection].fields).toSorted(), collection).toEqual(fields.toSorted());
    }
  });

  it.each(cells)('create $collection $field as $role', async ({ collection, field, role }) => {
    const owner = OWNERSHIP[collection].fields[field]!;
    const doc = await base(collection, role);
    const value = alt(collection, field, role, doc);
    expect(jsonEqual(value, doc[field]), 'a test value that differs').toBe(false);
    const res = await push(role, collection, { newDocumentState: { ...doc, [field]: value, _deleted: false } });
    expect(await outcome(res, collection, String(doc.id), field, value)).toBe(
      expectCreate(collection, owner, role, value),
    );
  });

  it.each(cells)('change $collection $field as $role', async ({ collection, field, role }) => {
    const owner = OWNERSHIP[collection].fields[field]!;
    const before: Doc = { ...(await stored(collection, role)), _deleted: false };
    await ts.server.docs.writeSystem(collection, [before as never]);
    const value = alt(collection, field, role, before);
    expect(jsonEqual(value, before[field]), 'a test value that differs').toBe(false);
    const res = await push(role, collection, {
      assumedMasterState: before,
      newDocumentState: { ...before, [field]: value, updatedAt: Date.now() },
    });
    expect(await outcome(res, collection, String(before.id), field, value)).toBe(expectChange(collection, owner, role));
  });

  const guarded = COLLECTIONS.flatMap((collection) =>
    Object.keys(OWNERSHIP[collection].rows ?? {}).map((role) => ({ collection, role: role as Role })),
  );

  it.each(guarded)(
    '$collection: $role changes only the documents the table gives them',
    async ({ collection, role }) => {
      // The same document, but someone else's: every ownership field names another user.
      const theirs: Doc = { ...(await stored(collection, role)), _deleted: false };
      for (const f of ['operatorId', 'salesOwnerId', 'assigneeId', 'createdBy', 'requestedBy']) {
        if (f in theirs) theirs[f] = otherId;
      }
      if (collection === 'callbacks') theirs.scope = 'personal';
      await ts.server.docs.writeSystem(collection, [theirs as never]);
      // The last such field: for a request, one no status transition guards as well (closeReason).
      const [field, owner] = Object.entries(OWNERSHIP[collection].fields).findLast(
        ([, o]) => o.change.includes(role) && !o.server && !o.claim && !o.bind,
      )!;
      expect(owner.change).toContain(role);
      const res = await push(role, collection, {
        assumedMasterState: theirs,
        newDocumentState: { ...theirs, [field]: alt(collection, field, role, theirs) },
      });
      expect(res.status, `${field}: ${await res.text()}`).toBe(403);
      expect(await ts.server.docs.get(collection, String(theirs.id))).toEqual(theirs);
    },
  );

  const rows = COLLECTIONS.flatMap((collection) => ROLES.map((role) => ({ collection, role })));

  it.each(rows)('delete and bring back $collection as $role', async ({ collection, role }) => {
    const table = OWNERSHIP[collection];
    const live: Doc = { ...(await stored(collection, role)), _deleted: false };
    await ts.server.docs.writeSystem(collection, [live as never]);
    const del = await push(role, collection, {
      assumedMasterState: live,
      newDocumentState: { ...live, _deleted: true },
    });
    expect(del.status === 200, `delete ${await del.text()}`).toBe(table.delete.includes(role));
    expect((await ts.server.docs.get(collection, String(live.id)))?._deleted).toBe(table.delete.includes(role));

    const gone: Doc = { ...(await stored(collection, role)), _deleted: true };
    await ts.server.docs.writeSystem(collection, [gone as never]);
    const back = await push(role, collection, {
      assumedMasterState: gone,
      newDocumentState: { ...gone, _deleted: false },
    });
    expect(back.status === 200, `undelete ${await back.text()}`).toBe(table.undelete.includes(role));
    expect((await ts.server.docs.get(collection, String(gone.id)))?._deleted).toBe(!table.undelete.includes(role));
  });
});
