import { useEffect, useState } from 'react';
import { type Refusal, refusals } from '../../db/refusals.ts';
import { useT } from '../../i18n/index.ts';

/** Says that a change the server refused for good was undone here, and why, until dismissed. */
export function RefusalBanner() {
  const t = useT();
  const [latest, setLatest] = useState<Refusal | null>(refusals.latest);
  useEffect(() => refusals.subscribe(setLatest), []);
  if (!latest) return null;
  return (
    <p className="banner banner--error refusal" role="alert">
      {t('sync.refused', { message: latest.message })}{' '}
      <button type="button" className="link" onClick={() => refusals.dismiss()}>
        {t('sync.dismiss')}
      </button>
    </p>
  );
}
