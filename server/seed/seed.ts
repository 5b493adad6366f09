import { jsonEqual } from '../../shared/core/equal.ts';
import { defaultSettings, SETTINGS_ID } from '../../shared/calling/defaults.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { DocStore } from '../storage/doc-store.ts';
import { DEMO_PASSWORD, DEMO_USERS, demoCallbacks, demoCallList, demoProspects, demoScripts } from './demo-data.ts';

/** Every new store starts with the default settings. */
export async function ensureDefaults(docs: DocStore): Promise<void> {
  const stored = await docs.get('settings', SETTINGS_ID);
  const defaults = defaultSettings(Date.now());
  if (!stored) {
    await docs.writeSystem('settings', [{ ...defaults, _deleted: false }]);
    return;
  }
  // A store from an earlier version gains the settings added since (one level deep), at their defaults.
  const merged: Record<string, unknown> = { ...defaults, ...stored };
  for (const [key, value] of Object.entries(defaults)) {
    const own = stored[key];
    if (value && typeof value === 'object' && !Array.isArray(value) && own && typeof own === 'object')
      merged[key] = { ...value, ...own };
  }
  if (!jsonEqual(merged, stored))
    await docs.writeSystem('settings', [{ ...(merged as typeof stored), updatedAt: Date.now() }]);
}

/** Seeds an empty store (no users yet) with the demo users and data; leaves any other store alone. */
export async function seedDemo(docs: DocStore, auth: AuthService, prospectCount = 300): Promise<boolean> {
  if ((await docs.count('users')) > 0) return false;
  const now = Date.now();
  const ids: Record<string, string> = {};
  for (const u of DEMO_USERS) {
    const user = await auth.createUser({ ...u, password: DEMO_PASSWORD });
    ids[u.username] = user.id;
  }
  const operators = [ids.operator1, ids.operator2].filter((id): id is string => Boolean(id));
  const prospects = demoProspects(prospectCount, now, 42, operators);
  await docs.writeSystem(
    'prospects',
    prospects.map((p) => ({ ...p, _deleted: false })),
  );
  if (ids.operator1) {
    const callbacks = demoCallbacks(prospects, now, ids.operator1);
    await docs.writeSystem(
      'callbacks',
      callbacks.map((c) => ({ ...c, _deleted: false })),
    );
  }
  await docs.writeSystem('callLists', [{ ...demoCallList(now, operators), _deleted: false }]);
  await docs.writeSystem(
    'scripts',
    demoScripts(now).map((s) => ({ ...s, _deleted: false })),
  );
  return true;
}
