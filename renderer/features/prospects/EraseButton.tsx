import { useState } from 'react';
import type { Prospect } from '../../../shared/core/types.ts';
import { getBridge } from '../../bridge/index.ts';
import { useT } from '../../i18n/index.ts';

/**
 * Admins: erase a prospect's personal data everywhere, when the person asks to be forgotten. The
 * open form then shows the erased prospect as the server sends it back.
 */
export function EraseButton({ prospect }: { prospect: Prospect }) {
  const t = useT();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function erase() {
    if (!globalThis.confirm(t('erase.confirm', { name: prospect.name }))) return;
    setBusy(true);
    try {
      const report = await getBridge().admin.eraseProspect(prospect.id);
      setMessage({ ok: true, text: t('erase.done', { documents: report.documents, entries: report.auditEntries }) });
    } catch (error) {
      setMessage({
        ok: false,
        text: t('erase.failed', { reason: error instanceof Error ? error.message : String(error) }),
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button className="button button--danger" type="button" disabled={busy} onClick={() => void erase()}>
        {t('erase.button')}
      </button>
      {message && (
        <p className={message.ok ? 'banner banner--ok' : 'banner banner--error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </>
  );
}
