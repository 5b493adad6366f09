import { CsvSeparatorSelect } from '../../ui/CsvSeparatorSelect.tsx';
import { useCsvSeparator } from '../../ui/csv-separator.ts';
import { useState } from 'react';
import { bonusByMonth } from '../../../shared/requests/bonus.ts';
import { payrollCsv, payrollXlsx } from '../../../shared/requests/payroll.ts';
import type { Prospect, SalesRequest, Settings, User } from '../../../shared/core/types.ts';
import { download } from '../../ui/download.ts';
import { useLanguageStore, useT } from '../../i18n/index.ts';

interface Props {
  requests: SalesRequest[];
  settings: Settings;
  prospects: Map<string, Prospect>;
  users: Map<string, User>;
  /** Supervisors see every operator and can export the payroll. */
  payroll: boolean;
}

/** Operator pay from requests, by month, with the requests behind each figure. */
export function PayPanel({ requests, settings, prospects, users, payroll }: Props) {
  const t = useT();
  const [separator, setSeparator] = useCsvSeparator();
  const language = useLanguageStore((s) => s.language);
  const locale = language === 'ru' ? 'ru-RU' : 'en-GB';
  const months = bonusByMonth(requests, settings);
  const [month, setMonth] = useState(months[0]?.month ?? '');
  const money = (n: number) => n.toLocaleString(locale, { maximumFractionDigits: 2 });
  const byId = new Map(requests.map((r) => [r.id, r]));
  return (
    <section className="pay" aria-label={t('pay.title')}>
      <h2>{t('pay.title')}</h2>
      <p className="muted">
        {t('pay.rules', { perRequest: money(settings.bonus.perRequest), percent: settings.bonus.percentOfOrder })}
      </p>
      {months.length === 0 && <p className="muted">{t('pay.none')}</p>}
      {months.map((m) => (
        <details key={m.month} open={m.month === months[0]?.month}>
          <summary>
            <strong>{m.month}</strong> · {t('pay.earned')}: {money(m.earned)} · {t('pay.pending')}: {money(m.pending)}
          </summary>
          <table className="table">
            <tbody>
              {m.lines.map((l) => {
                const r = byId.get(l.requestId);
                return (
                  <tr key={`${l.requestId}-${l.kind}`}>
                    <td>{prospects.get(r?.prospectId ?? '')?.name ?? l.requestId}</td>
                    {payroll && <td>{users.get(r?.operatorId ?? '')?.name ?? ''}</td>}
                    <td>{t(`pay.kind.${l.kind}`)}</td>
                    <td className="num">{money(l.amount)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </details>
      ))}
      {payroll && months.length > 0 && (
        <div className="inline-form">
          <select aria-label={t('pay.month')} value={month} onChange={(e) => setMonth(e.target.value)}>
            {months.map((m) => (
              <option key={m.month}>{m.month}</option>
            ))}
          </select>
          <button
            type="button"
            className="button"
            onClick={() =>
              download(
                `payroll-${month}.csv`,
                'text/csv;charset=utf-8',
                payrollCsv(month, requests, settings, (id) => users.get(id)?.name ?? id, separator),
              )
            }
          >
            {t('pay.exportCsv')}
          </button>
          <CsvSeparatorSelect value={separator} onChange={setSeparator} />
          <button
            type="button"
            className="button"
            onClick={() =>
              download(
                `payroll-${month}.xlsx`,
                'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
                payrollXlsx(month, requests, settings, (id) => users.get(id)?.name ?? id) as Uint8Array<ArrayBuffer>,
              )
            }
          >
            {t('pay.exportXlsx')}
          </button>
        </div>
      )}
    </section>
  );
}
