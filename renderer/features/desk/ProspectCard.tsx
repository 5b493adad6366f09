import type { LeadlineDatabase } from '../../db/collections.ts';
import { formatPhone } from '../../../shared/calling/phone.ts';
import { prospectZone } from '../../../shared/calling/queue.ts';
import { localTime } from '../../../shared/calling/regions.ts';
import type { Prospect } from '../../../shared/core/types.ts';
import { useLanguageStore, useT } from '../../i18n/index.ts';
import { ProspectHistory } from '../prospects/ProspectHistory.tsx';

interface Props {
  db: LeadlineDatabase;
  prospect: Prospect;
  onDial(phone: string, ext: string): void;
  /** An operator's workstation holds only their own calls. */
  ownCallsOnly?: boolean;
}

/** Who is on the line: the company, its people, and everything earlier calls learned. */
export function ProspectCard({ db, prospect, onDial, ownCallsOnly = false }: Props) {
  const t = useT();
  const language = useLanguageStore((s) => s.language);
  const locale = language === 'ru' ? 'ru-RU' : 'en-GB';
  const zone = prospectZone(prospect);
  return (
    <section className="card" aria-label={t('call.prospect')}>
      <h2>{prospect.name}</h2>
      <p className="muted">
        {[prospect.region, prospect.industry, t(`status.${prospect.status}`)].filter(Boolean).join(' · ')}
      </p>
      <p>
        {t('local.time', { time: localTime(zone, new Date(), locale) })} <span className="muted">({zone})</span>
      </p>
      {prospect.phone && (
        <button type="button" className="button button--call" onClick={() => onDial(prospect.phone, prospect.phoneExt)}>
          {t('call.dial', { phone: formatPhone(prospect.phone, prospect.phoneExt, language) })}
        </button>
      )}
      {prospect.contacts.length > 0 && (
        <ul className="card__list" aria-label={t('field.contacts')}>
          {prospect.contacts.map((c) => (
            <li key={c.id}>
              <strong>{c.name}</strong> {c.position && <span className="muted">{c.position}</span>}{' '}
              {c.phone && (
                <button type="button" className="link" onClick={() => onDial(c.phone, c.phoneExt)}>
                  {formatPhone(c.phone, c.phoneExt, language)}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {prospect.expectedNeed.date && (
        <p className="card__need">
          {t('future.expected')}: {prospect.expectedNeed.date} · {prospect.expectedNeed.confidence}%
          {prospect.expectedNeed.trigger && ` · ${prospect.expectedNeed.trigger}`}
        </p>
      )}
      {prospect.notes && <p className="card__notes">{prospect.notes}</p>}
      <ProspectHistory db={db} prospect={prospect} ownCallsOnly={ownCallsOnly} />
    </section>
  );
}
