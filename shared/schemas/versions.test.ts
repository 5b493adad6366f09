import { describe, expect, it } from 'vitest';
import { NO_DIAL } from '../telephony/call-events.ts';
import { NO_TELEPHONY } from '../telephony/softphone-settings.ts';
import { COLLECTIONS, isCollectionName } from '../core/types.ts';
import { schemas } from './index.ts';
import { validate } from './validate.ts';
import {
  downgrade,
  formatVersions,
  HISTORY,
  migrationStrategies,
  ownVersions,
  parseVersions,
  upgrade,
} from './versions.ts';

const v0 = {
  id: 'cb1',
  createdAt: 1,
  updatedAt: 2,
  prospectId: 'p1',
  dueAt: 1_800_000_000_000,
  timeZone: 'Europe/Moscow',
  reason: 'requested',
  scope: 'personal',
  assigneeId: 'op1',
  createdBy: 'op1',
  done: false,
  doneAt: 0,
  note: '',
};

describe('schema versions', () => {
  it('every schema is at the last version its history names, and each version adds schema fields', () => {
    for (const name of COLLECTIONS) {
      const steps = HISTORY[name] ?? [];
      expect(schemas[name].version, name).toBe(steps.at(-1)?.version ?? 0);
      steps.forEach((step, i) => expect(step.version, name).toBe(i + 1));
      for (const step of steps) {
        for (const path of Object.keys(step.added)) {
          const [outer, field] = path.includes('[].')
            ? path.split('[].')
            : path.split('.').length > 1
              ? path.split('.')
              : [undefined, path];
          const holder = outer ? schemas[name].properties[outer] : undefined;
          const props = outer ? (holder?.items ?? holder)?.properties : schemas[name].properties;
          expect(Object.keys(props ?? {}), `${name}.${path}`).toContain(field);
        }
      }
    }
  });

  it('fills a version-0 callback so it validates at the current version', () => {
    expect(validate(schemas.callbacks, v0)).not.toEqual([]);
    const up = upgrade('callbacks', v0);
    expect(up).toMatchObject({ askedFor: v0.dueAt, outsideHoursAllowedAt: 0 });
    expect(validate(schemas.callbacks, up)).toEqual([]);
    // A current document comes back untouched (the same object: nothing copied on the hot path).
    expect(upgrade('callbacks', up)).toBe(up);
    expect(upgrade('users', { id: 'x' })).toEqual({ id: 'x' });
  });

  it('an older client’s push keeps the fields it does not know from the stored document', () => {
    const stored = { ...v0, askedFor: 5, outsideHoursAllowedAt: 5 };
    let reads = 0;
    const base = () => {
      reads++;
      return stored;
    };
    expect(upgrade('callbacks', { ...v0, note: 'x' }, base)).toMatchObject({
      note: 'x',
      askedFor: 5,
      outsideHoursAllowedAt: 5,
    });
    expect(reads).toBe(1);
    upgrade('callbacks', stored, base);
    expect(reads).toBe(1);
  });

  it('leaves out what an older client does not know, and RxDB migrates the same way', () => {
    const up = upgrade('callbacks', v0);
    expect(downgrade('callbacks', up, 0)).toEqual(v0);
    expect(downgrade('callbacks', up, 1)).toBe(up);
    // Version 2 added an index only: nothing to leave out for a version-1 client, nothing to fill.
    expect(downgrade('requests', { id: 'r' }, 0)).toEqual({ id: 'r' });
    expect(migrationStrategies('callbacks')[1]!(v0)).toEqual(up);
    expect(migrationStrategies('callbacks')[2]!(up)).toEqual(up);
    expect(migrationStrategies('users')).toEqual({});
  });

  it('fills, keeps and leaves out a field inside a list of objects (a contact’s extension)', () => {
    const contact = { id: 'c1', name: 'Иван', position: '', phone: '+74951234567', email: '' };
    const old = { id: 'p1', phone: '', contacts: [contact, { ...contact, id: 'c2' }] };
    expect(upgrade('prospects', old)).toEqual({
      ...old,
      phoneExt: '',
      contacts: [
        { ...contact, phoneExt: '' },
        { ...contact, id: 'c2', phoneExt: '' },
      ],
    });
    const stored = { ...old, phoneExt: '9', contacts: [{ ...contact, phoneExt: '123' }] };
    expect(upgrade('prospects', old, () => stored)).toMatchObject({
      phoneExt: '9',
      contacts: [
        { id: 'c1', phoneExt: '123' },
        { id: 'c2', phoneExt: '' },
      ],
    });
    expect(downgrade('prospects', stored, 0)).toEqual(old.contacts.length && { ...old, contacts: [contact] });
    expect(migrationStrategies('prospects')[1]!(old)).toEqual(upgrade('prospects', old));
  });

  it('fills and leaves out a field inside an object (the working Saturdays of the calendar)', () => {
    const hours = { timeZone: 'Europe/Moscow', from: '09:00', to: '18:00', weekdays: [1], holidays: [] };
    const old = { id: 'global', workingHours: hours };
    expect(upgrade('settings', old)).toEqual({
      id: 'global',
      workingHours: { ...hours, workdays: [] },
      telephony: NO_TELEPHONY,
    });
    const stored = { id: 'global', workingHours: { ...hours, workdays: ['2027-11-13'] } };
    expect(upgrade('settings', old, () => stored).workingHours).toMatchObject({ workdays: ['2027-11-13'] });
    expect(downgrade('settings', stored, 0)).toEqual(old);
  });

  it('a call from before the softphone has no call events; a workstation that knows none is not sent them', () => {
    const old = { id: 'c1', outcome: 'busy' };
    expect(upgrade('calls', old)).toEqual({ ...old, dial: NO_DIAL });
    const dialled = { ...old, dial: { ...NO_DIAL, dialledAt: 5, sipCode: 486, cause: 'Busy' } };
    expect(downgrade('calls', dialled, 0)).toEqual(old);
    // A workstation of version 0 pushing the call again keeps the events the server holds.
    expect(upgrade('calls', old, () => dialled)).toEqual(dialled);
    const settings = {
      id: 'global',
      workingHours: { workdays: [] },
      telephony: { ...NO_TELEPHONY, wsUrl: 'wss://pbx' },
    };
    expect(downgrade('settings', settings, 1)).toEqual({ id: 'global', workingHours: { workdays: [] } });
  });

  it('reads and writes the version header; anything odd counts as version 0', () => {
    expect(formatVersions(ownVersions())).toBe('prospects=1,calls=1,callbacks=2,requests=1,callLists=1,settings=2');
    expect(parseVersions('callbacks=1', isCollectionName)).toEqual({ callbacks: 1 });
    expect(parseVersions('callbacks=99,nope=2,calls=x,,=', isCollectionName)).toEqual({ callbacks: 2 });
    expect(parseVersions(undefined, isCollectionName)).toEqual({});
  });
});
