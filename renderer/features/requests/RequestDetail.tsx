import { useState } from 'react';
import { dialUri } from '../../../shared/calling/phone.ts';
import { uuidv7 } from '../../../shared/core/ids.ts';
import { OPEN_STATUSES } from '../../../shared/requests/request-flow.ts';
import {
  historyEntry,
  openEscalation,
  RESOLUTIONS,
  type Resolution,
} from '../../../shared/requests/request-history.ts';
import { slaOf } from '../../../shared/requests/sla.ts';
import type { Prospect, RequestEvent, SalesRequest, Settings, User } from '../../../shared/core/types.ts';
import type { Workspace } from '../../app/session-store.ts';
import { getBridge } from '../../bridge/index.ts';
import { useLanguageStore, useT } from '../../i18n/index.ts';
import { ProspectCard } from '../desk/ProspectCard.tsx';
import { RequestActions } from './RequestActions.tsx';

interface Props {
  workspace: Workspace;
  request: SalesRequest;
  prospect: Prospect | undefined;
  events: RequestEvent[];
  users: Map<string, User>;
  settings: Settings;
}

export function RequestDetail({ workspace, request, prospect, events, users, settings }: Props) {
  const t = useT();
  const language = useLanguageStore((s) => s.language);
  const locale = language === 'ru' ? 'ru-RU' : 'en-GB';
  const { user } = workspace;
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const [resolution, setResolution] = useState<Resolution>('prod');
  const [assignee, setAssignee] = useState('');
  const [note, setNote] = useState('');
  const when = (at: number) => new Date(at).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });
  const sla = slaOf(request, settings, Date.now());
  const escalation = openEscalation(events);
  const isOpen = OPEN_STATUSES.has(request.status);
  const name = (id: string) => users.get(id)?.name ?? '—';

  const write = async (kind: RequestEvent['kind'], text: string, toStatus = '', refId = '') => {
    const now = Date.now();
    await workspace.repo.save(
      'requestEvents',
      historyEntry(
        { requestId: request.id, operatorId: request.operatorId, authorId: user.id, kind, text, toStatus, refId },
        now,
        uuidv7(now),
      ),
    );
  };

  return (
    <article className="reqdetail" aria-label={t('request.detail')}>
      <header className="reqdetail__head">
        <h2>{prospect?.name ?? '…'}</h2>
        <span className={`badge badge--${request.status}`}>{t(`request.${request.status}`)}</span>
        {sla.clock && (
          <span className={sla.stalled ? 'badge badge--stalled' : 'badge'}>
            {sla.stalled
              ? t('sla.stalled', { clock: t(`sla.${sla.clock}`) })
              : t('sla.due', { clock: t(`sla.${sla.clock}`), time: when(sla.dueAt) })}
          </span>
        )}
        {escalation && <span className="badge badge--stalled">{t('escalation.open')}</span>}
      </header>
      {user.role === 'sales' && request.salesOwnerId && request.salesOwnerId !== user.id && (
        <p className="banner banner--info" role="status">
          {t('request.takenBy', { name: name(request.salesOwnerId) })}
        </p>
      )}
      <dl className="reqdetail__fields">
        {(
          [
            ['request.need', request.need],
            ['request.volume', request.volume],
            ['request.site', request.site],
            ['request.deadline', request.deadline],
            ['request.contact', request.contact],
            ['request.budget', request.estimatedValue ? request.estimatedValue.toLocaleString(locale) : ''],
            ['request.operator', name(request.operatorId)],
            ['request.owner', request.salesOwnerId ? name(request.salesOwnerId) : t('request.unassigned')],
            ['request.handedAt', when(request.createdAt)],
            ['request.stage', request.stage ? t(`request.stage.${request.stage}`) : ''],
            [
              'request.order',
              request.orderNumber
                ? `${request.orderNumber} · ${request.orderValue.toLocaleString(locale)} · ${request.orderDate}`
                : '',
            ],
            ['request.closeReason', request.closeReason],
          ] as const
        )
          .filter(([, v]) => v)
          .map(([k, v]) => (
            <div key={k}>
              <dt>{t(k)}</dt>
              <dd>{v}</dd>
            </div>
          ))}
      </dl>
      <RequestActions workspace={workspace} request={request} />

      {user.role === 'operator' && isOpen && !escalation && (
        <form
          className="inline-form reqdetail__escalate"
          aria-label={t('escalation.escalate')}
          onSubmit={(e) => {
            e.preventDefault();
            if (!sla.stalled && !reason.trim()) return;
            void write('escalation', reason.trim() || t('escalation.stalledReason')).then(() => setReason(''));
          }}
        >
          <input
            className="reqdetail__reason"
            aria-label={t('escalation.reason')}
            title={sla.stalled ? t('escalation.reasonOptional') : t('escalation.reasonRequired')}
            placeholder={sla.stalled ? t('escalation.reasonOptional') : t('escalation.reasonRequired')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <button type="submit" className="button button--warn" disabled={!sla.stalled && !reason.trim()}>
            {t('escalation.escalate')}
          </button>
        </form>
      )}

      {user.role === 'supervisor' && escalation && (
        <form
          className="reqdetail__resolve"
          aria-label={t('escalation.resolve')}
          onSubmit={(e) => {
            e.preventDefault();
            void (async () => {
              if (resolution === 'reassign' && assignee) {
                await workspace.repo.save('requests', { ...request, salesOwnerId: assignee, updatedAt: Date.now() });
              }
              const detail = resolution === 'reassign' && assignee ? `${name(assignee)}. ${note}` : note;
              await write(
                'escalation_resolved',
                `${t(`escalation.resolution.${resolution}`)}: ${detail}`.trim(),
                resolution,
                escalation.id,
              );
              setNote('');
            })();
          }}
        >
          <p>
            <strong>{t('escalation.byOperator', { name: name(escalation.authorId) })}</strong> {escalation.text}
          </p>
          <div className="inline-form">
            <select
              aria-label={t('escalation.decision')}
              value={resolution}
              onChange={(e) => setResolution(e.target.value as Resolution)}
            >
              {RESOLUTIONS.map((r) => (
                <option key={r} value={r}>
                  {t(`escalation.resolution.${r}`)}
                </option>
              ))}
            </select>
            {resolution === 'reassign' && (
              <select aria-label={t('request.owner')} value={assignee} onChange={(e) => setAssignee(e.target.value)}>
                <option value="">—</option>
                {[...users.values()]
                  .filter((u) => u.role === 'sales')
                  .map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
              </select>
            )}
            <input
              aria-label={t('escalation.note')}
              placeholder={t('escalation.note')}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
            <button type="submit" className="button button--primary">
              {t('escalation.resolve')}
            </button>
          </div>
        </form>
      )}

      <section aria-label={t('request.history')}>
        <h3>{t('request.history')}</h3>
        <ol className="history">
          <li>
            <span className="muted">{when(request.createdAt)}</span>{' '}
            {t('history.handed', { name: name(request.operatorId) })}
          </li>
          {events
            .toSorted((a, b) => a.createdAt - b.createdAt)
            .map((e) => (
              <li key={e.id} className={`history__${e.kind}`}>
                <span className="muted">{when(e.createdAt)}</span> <strong>{name(e.authorId)}</strong>{' '}
                {e.kind === 'status_change'
                  ? t('history.status', {
                      from: t(`request.${e.fromStatus}` as never),
                      to: t(`request.${e.toStatus}` as never),
                    })
                  : t(`history.${e.kind}`)}
                {e.text && <span>: {e.text}</span>}
              </li>
            ))}
        </ol>
        <form
          className="inline-form"
          aria-label={t('request.addComment')}
          onSubmit={(e) => {
            e.preventDefault();
            if (!comment.trim()) return;
            void write('comment', comment.trim()).then(() => setComment(''));
          }}
        >
          <input
            aria-label={t('request.comment')}
            placeholder={t('request.commentHint')}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
          <button type="submit" className="button" disabled={!comment.trim()}>
            {t('request.addComment')}
          </button>
        </form>
      </section>
      {prospect && (
        <ProspectCard
          db={workspace.db}
          prospect={prospect}
          onDial={(phone, ext) => void getBridge().shell.openExternal(dialUri('tel', phone, ext))}
        />
      )}
    </article>
  );
}
