import { useState } from 'react';
import { uuidv7 } from '../../../shared/core/ids.ts';
import type { Actor } from '../../../shared/security/policy.ts';
import {
  type ActionInput,
  allowedActions,
  applyAction,
  PROGRESS_STAGES,
  type ProgressStage,
  type RequestAction,
} from '../../../shared/requests/request-flow.ts';
import { historyEntry } from '../../../shared/requests/request-history.ts';
import type { SalesRequest } from '../../../shared/core/types.ts';
import type { Workspace } from '../../app/session-store.ts';
import { isMessageKey, useT } from '../../i18n/index.ts';

/** The steps sales (or a supervisor) can take on a request now, each with the few fields it needs. */
export function RequestActions({ workspace, request }: { workspace: Workspace; request: SalesRequest }) {
  const t = useT();
  const actor: Actor = { id: workspace.user.id, role: workspace.user.role };
  const actions = allowedActions(request, actor);
  const [open, setOpen] = useState<RequestAction | null>(null);
  const [stage, setStage] = useState<ProgressStage>('feasibility');
  const [text, setText] = useState('');
  const [orderNumber, setOrderNumber] = useState('');
  const [orderValue, setOrderValue] = useState('');
  const [orderDate, setOrderDate] = useState(() => new Date().toISOString().slice(0, 10));
  const [error, setError] = useState('');
  if (actions.length === 0) return null;

  async function run(action: RequestAction) {
    const input: ActionInput =
      action === 'accept'
        ? { action }
        : action === 'progress'
          ? { action, stage, comment: text }
          : action === 'win'
            ? { action, orderNumber, orderValue: Number(orderValue.replace(/[^\d.]/g, '')), orderDate }
            : { action, reason: text };
    const now = Date.now();
    const result = applyAction(request, input, actor, now);
    if (!result.ok) {
      setError(isMessageKey(result.error) ? t(result.error) : result.error);
      return;
    }
    await workspace.repo.save('requests', result.request);
    if (action === 'progress' && text.trim()) {
      await workspace.repo.save(
        'requestEvents',
        historyEntry(
          {
            requestId: request.id,
            operatorId: request.operatorId,
            authorId: actor.id,
            kind: 'comment',
            text: text.trim(),
          },
          now,
          uuidv7(now),
        ),
      );
    }
    setOpen(null);
    setText('');
    setError('');
  }

  const needsForm = (a: RequestAction) => a !== 'accept';
  return (
    <section className="reqactions" aria-label={t('request.actions')}>
      <div className="reqactions__buttons">
        {actions.map((a) => (
          <button
            key={a}
            type="button"
            className={a === 'accept' || a === 'win' ? 'button button--primary' : 'button'}
            aria-expanded={needsForm(a) ? open === a : undefined}
            onClick={() => (needsForm(a) ? setOpen(open === a ? null : a) : void run(a))}
          >
            {t(`request.action.${a}`)}
          </button>
        ))}
      </div>
      {open && (
        <form
          className="reqactions__form"
          aria-label={t(`request.action.${open}`)}
          onSubmit={(e) => {
            e.preventDefault();
            void run(open);
          }}
        >
          {open === 'progress' && (
            <label className="field">
              <span>{t('request.stage')}</span>
              <select value={stage} onChange={(e) => setStage(e.target.value as ProgressStage)}>
                {PROGRESS_STAGES.map((s) => (
                  <option key={s} value={s}>
                    {t(`request.stage.${s}`)}
                  </option>
                ))}
              </select>
            </label>
          )}
          {open === 'win' && (
            <>
              <label className="field">
                <span>{t('request.orderNumber')}</span>
                <input value={orderNumber} onChange={(e) => setOrderNumber(e.target.value)} autoFocus />
              </label>
              <label className="field">
                <span>{t('request.orderValue')}</span>
                <input inputMode="numeric" value={orderValue} onChange={(e) => setOrderValue(e.target.value)} />
              </label>
              <label className="field">
                <span>{t('request.orderDate')}</span>
                <input type="date" value={orderDate} onChange={(e) => setOrderDate(e.target.value)} />
              </label>
            </>
          )}
          {open !== 'win' && (
            <label className="field">
              <span>{open === 'progress' ? t('request.comment') : t('outcome.reason')}</span>
              <input value={text} onChange={(e) => setText(e.target.value)} autoFocus />
            </label>
          )}
          {error && (
            <p className="banner banner--error" role="alert">
              {error}
            </p>
          )}
          <button className="button button--primary" type="submit">
            {t('form.save')}
          </button>
        </form>
      )}
    </section>
  );
}
