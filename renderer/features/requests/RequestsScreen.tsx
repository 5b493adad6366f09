import { useMemo, useState } from 'react';
import type { MangoQuerySelector } from 'rxdb';
import { OPEN_STATUSES } from '../../../shared/requests/request-flow.ts';
import { openEscalation } from '../../../shared/requests/request-history.ts';
import { slaOf } from '../../../shared/requests/sla.ts';
import type { RequestEvent, SalesRequest } from '../../../shared/core/types.ts';
import { useNavStore, useRouteId } from '../../app/nav-store.ts';
import type { Workspace } from '../../app/session-store.ts';
import { useLanguageStore, useT } from '../../i18n/index.ts';
import { VirtualList } from '../../ui/VirtualRows.tsx';
import { PayPanel } from './PayPanel.tsx';
import { RequestDetail } from './RequestDetail.tsx';
import { useEvents, useProspectsById, useRequest, useRequests, useSettings, useUsers } from './use-requests.ts';

type Tab = 'inbox' | 'mine' | 'escalations' | 'stalled' | 'open' | 'closed' | 'pay';

const OPEN = [...OPEN_STATUSES];

/**
 * What a tab reads through the `status` index: the open tabs only open requests (a replica holds
 * mostly closed ones); Closed the rest; Pay every request, by month. The tab's rule below still
 * filters, so a result of the tab before never shows under the new one.
 */
function selectorFor(tab: Tab, userId: string): MangoQuerySelector<SalesRequest> {
  switch (tab) {
    case 'inbox':
      return { status: 'new' };
    case 'mine':
      return { status: { $in: OPEN }, salesOwnerId: userId };
    case 'escalations':
    case 'stalled':
    case 'open':
      return { status: { $in: OPEN } };
    case 'closed':
      return { status: { $nin: OPEN } };
    default:
      return {};
  }
}

function tabsFor(role: string): Tab[] {
  if (role === 'sales') return ['inbox', 'mine', 'closed'];
  if (role === 'supervisor') return ['escalations', 'stalled', 'open', 'closed', 'pay'];
  return ['open', 'closed', 'pay'];
}

/**
 * Requests handed to sales. Sales: an inbox to take from and their own requests. Operators: every
 * request they handed over, followed to the order, and their pay. Supervisors: escalations first.
 */
export function RequestsScreen({ workspace }: { workspace: Workspace }) {
  const t = useT();
  const language = useLanguageStore((s) => s.language);
  const locale = language === 'ru' ? 'ru-RU' : 'en-GB';
  const { user, db } = workspace;
  const tabs = tabsFor(user.role);
  const [tab, setTab] = useState<Tab>(tabs[0] ?? 'open');
  // The open request is in the address (#/requests/<id>), so a link, a notification or Back opens it.
  const selected = useRouteId('requests');
  const go = useNavStore((s) => s.go);
  const setSelected = (id: string | null) => go('requests', id);
  const requests = useRequests(db, selectorFor(tab, user.id));
  const selectedRequest = useRequest(db, selected);
  // The events of the listed requests and the open one; Closed and Pay list most of the replica,
  // where matching ids one by one would cost more than reading them all.
  const openTab = tab !== 'closed' && tab !== 'pay';
  const events = useEvents(
    db,
    openTab ? [...(requests ?? []).map((r) => r.id), ...(selected ? [selected] : [])] : null,
  );
  const settings = useSettings(db);
  const users = useUsers(db);
  const prospects = useProspectsById(db, [
    ...(requests ?? []).map((r) => r.prospectId),
    ...(selectedRequest ? [selectedRequest.prospectId] : []),
  ]);
  const now = Date.now();

  const eventsByRequest = useMemo(() => {
    const m = new Map<string, RequestEvent[]>();
    for (const e of events ?? []) {
      const list = m.get(e.requestId);
      if (list) list.push(e);
      else m.set(e.requestId, [e]);
    }
    return m;
  }, [events]);

  const rows = (requests ?? []).filter((r) => {
    const open = OPEN_STATUSES.has(r.status);
    switch (tab) {
      case 'inbox':
        return r.status === 'new';
      case 'mine':
        return open && r.salesOwnerId === user.id;
      case 'escalations':
        return open && openEscalation(eventsByRequest.get(r.id) ?? []) !== null;
      case 'stalled':
        return open && slaOf(r, settings, now).stalled;
      case 'open':
        return open;
      case 'closed':
        return !open && (user.role !== 'sales' || r.salesOwnerId === user.id);
      default:
        return false;
    }
  });
  const current = selectedRequest ?? undefined;

  return (
    <main className="requests">
      <section className="requests__left" aria-label={t('requests.list')}>
        <div role="tablist" aria-label={t('requests.views')} className="tabs">
          {tabs.map((x) => (
            <button
              key={x}
              role="tab"
              type="button"
              aria-selected={tab === x}
              className="tabs__tab"
              onClick={() => setTab(x)}
            >
              {t(`requests.tab.${x}`)}
            </button>
          ))}
        </div>
        {tab !== 'pay' &&
          (requests === null ? (
            <p className="muted">{t('requests.reading')}</p>
          ) : rows.length === 0 ? (
            <p className="muted">{t('requests.none')}</p>
          ) : (
            <VirtualList
              className="reqlist"
              label={t(`requests.tab.${tab}`)}
              items={rows}
              estimate={76}
              itemKey={(r) => r.id}
            >
              {(r: SalesRequest) => {
                const sla = slaOf(r, settings, now);
                const escalated = openEscalation(eventsByRequest.get(r.id) ?? []) !== null;
                return (
                  <button
                    type="button"
                    className={`reqlist__item${r.id === selected ? ' reqlist__item--selected' : ''}`}
                    onClick={() => setSelected(r.id)}
                  >
                    <span className="reqlist__name">{prospects.get(r.prospectId)?.name ?? '…'}</span>
                    <span className="reqlist__need">{r.need}</span>
                    <span className="reqlist__meta">
                      <span className={`badge badge--${r.status}`}>{t(`request.${r.status}`)}</span>
                      {sla.stalled && <span className="badge badge--stalled">{t('sla.stalledShort')}</span>}
                      {escalated && <span className="badge badge--stalled">{t('escalation.open')}</span>}
                      <span className="muted">{new Date(r.createdAt).toLocaleDateString(locale)}</span>
                    </span>
                  </button>
                );
              }}
            </VirtualList>
          ))}
      </section>
      <section className="requests__right">
        {tab === 'pay' ? (
          // Pay opens on the newest month of every request: only once they are all read.
          requests === null ? (
            <p className="muted">{t('requests.reading')}</p>
          ) : (
            <PayPanel
              requests={requests}
              settings={settings}
              prospects={prospects}
              users={users}
              payroll={user.role === 'supervisor'}
            />
          )
        ) : current ? (
          <RequestDetail
            key={current.id}
            workspace={workspace}
            request={current}
            prospect={prospects.get(current.prospectId)}
            events={eventsByRequest.get(current.id) ?? []}
            users={users}
            settings={settings}
          />
        ) : (
          <p className="muted">{t('requests.select')}</p>
        )}
      </section>
    </main>
  );
}
