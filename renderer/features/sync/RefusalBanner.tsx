import { useEffect, useState } from 'react';
import { type Refusal, refusals } from '../../db/refusals.ts';
import { isMessageKey, type MessageKey, type Translate, useT } from '../../i18n/index.ts';

/** The server's reason in the user's language where its code is known, else as the server put it. */
function reason(t: Translate, refusal: Refusal): string {
  const key = `refusal.${refusal.code}`;
  if (!isMessageKey(key)) return refusal.message;
  return t(key as MessageKey, { field: refusal.field ?? '' });
}

/** Says that a change the server refused for good was undone here, and why, until dismissed. */
export function RefusalBanner() {
  const t = useT();
  const [latest, setLatest] = useState<Refusal | null>(refusals.latest);
  useEffect(() => refusals.subscribe(setLatest), []);
  if (!latest) return null;
  return (
    <p className="banner banner--error refusal" role="alert">
      {t('sync.refused', { message: reason(t, latest) })}{' '}
      <button type="button" className="link" onClick={() => refusals.dismiss()}>
        {t('sync.dismiss')}
      </button>
    </p>
  );
}
