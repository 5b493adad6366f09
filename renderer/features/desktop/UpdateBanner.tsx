import { useEffect, useState } from 'react';
import { getBridge } from '../../bridge/index.ts';
import { useT } from '../../i18n/index.ts';

/**
 * A downloaded update: it installs when Leadline quits; an operator may restart into it now, which
 * main refuses during a call or with unsent work (and says which).
 */
export function UpdateBanner() {
  const t = useT();
  const [version, setVersion] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<'in_call' | 'unsent_work' | 'nothing_ready' | null>(null);
  useEffect(() => getBridge().desktop?.onUpdateReady(setVersion), []);
  if (!version) return null;
  return (
    <p className="banner banner--info" role="status">
      {t('update.ready', { version })}{' '}
      <button
        type="button"
        className="button"
        onClick={() =>
          void getBridge()
            .desktop?.installUpdate()
            .then((gate) => setRefusal(gate.ok ? null : gate.reason))
        }
      >
        {t('update.now')}
      </button>
      {refusal && <span className="muted"> {t(`update.refused.${refusal}`)}</span>}
    </p>
  );
}
