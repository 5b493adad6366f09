import { startRun } from '../../../shared/script-runner.ts';
import type { Callback, Prospect, Script } from '../../../shared/types.ts';
import type { Workspace } from '../../app/session-store.ts';
import type { Language } from '../../i18n/index.ts';
import { useDeskStore } from './active-call-store.ts';

/** The published script in the operator's language (any published one otherwise), newest version. */
export async function publishedScript(workspace: Workspace, language: Language): Promise<Script | null> {
  const docs = await workspace.db.scripts.find({ selector: { status: 'published' } }).exec();
  const scripts = docs.map((d) => d.toJSON() as Script).toSorted((a, b) => b.version - a.version);
  return scripts.find((s) => s.language === language) ?? scripts[0] ?? null;
}

/** Opens the call screen on a prospect the operator holds. */
export async function beginCall(
  workspace: Workspace,
  language: Language,
  prospect: Prospect,
  source: { listId?: string | undefined; callback?: Callback | null },
): Promise<void> {
  const script = await publishedScript(workspace, language);
  useDeskStore.getState().start({
    prospectId: prospect.id,
    // A callback's call counts for the list the prospect came from.
    listId: source.listId || prospect.sourceListId,
    callbackId: source.callback?.id ?? '',
    startedAt: Date.now(),
    scriptDocId: script?.id ?? '',
    run: script ? startRun(script) : null,
    notes: '',
    form: null,
  });
}
