import { scriptForCall } from '../../../shared/call-scripts/script-edit.ts';
import { startRun } from '../../../shared/call-scripts/script-runner.ts';
import type { Callback, CallList, Prospect, Script } from '../../../shared/core/types.ts';
import type { Workspace } from '../../app/session-store.ts';
import type { Language } from '../../i18n/index.ts';
import { useDeskStore } from './active-call-store.ts';

/** The script a call follows: its list's, or the newest published one in the operator's language. */
export async function publishedScript(workspace: Workspace, language: Language, listId = ''): Promise<Script | null> {
  const docs = await workspace.db.scripts.find({ selector: { status: 'published' } }).exec();
  const list = listId ? await workspace.db.callLists.findOne(listId).exec() : null;
  const listScript = (list?.toJSON() as CallList | undefined)?.scriptId ?? '';
  return scriptForCall(
    docs.map((d) => d.toJSON() as Script),
    language,
    listScript,
    Date.now(),
  );
}

/** Opens the call screen on a prospect the operator holds. */
export async function beginCall(
  workspace: Workspace,
  language: Language,
  prospect: Prospect,
  source: { listId?: string | undefined; callback?: Callback | null },
  /** `now`: the operator asked for the call (N), the softphone dials at once; `list`: after the list's pause. */
  autoDial: 'now' | 'list' | 'off' = 'off',
): Promise<void> {
  // A callback's call counts for the list the prospect came from, and follows its script.
  const listId = source.listId || prospect.sourceListId;
  const script = await publishedScript(workspace, language, listId);
  const list = listId
    ? ((await workspace.db.callLists.findOne(listId).exec())?.toJSON() as CallList | undefined)
    : undefined;
  const pause = list?.autoDialSeconds ?? 0;
  const now = Date.now();
  const autoDialAt = autoDial === 'now' ? now : autoDial === 'list' && pause > 0 ? now + pause * 1000 : 0;
  useDeskStore.getState().start({
    prospectId: prospect.id,
    listId,
    callbackId: source.callback?.id ?? '',
    startedAt: now,
    scriptDocId: script?.id ?? '',
    run: script ? startRun(script) : null,
    notes: '',
    form: null,
    autoDialAt,
  });
  // While the operator talks, the queue is read for the call after this one.
  void workspace.queue.prepare(workspace.user.id, new Set([prospect.id])).catch(() => undefined);
}
