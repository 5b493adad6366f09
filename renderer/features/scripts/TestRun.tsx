import { useState } from 'react';
import { type ScriptRun, startRun, suggestedOutcome } from '../../../shared/call-scripts/script-runner.ts';
import type { Script } from '../../../shared/core/types.ts';
import { useT } from '../../i18n/index.ts';
import { ScriptPanel } from '../desk/ScriptPanel.tsx';

/**
 * Walks the script as an operator would, with the call screen's own script panel, and shows the
 * outcome it would suggest. Nothing is saved: a test run makes no call and counts in no figure.
 */
export function TestRun(props: {
  script: Script;
  sample: Record<string, string>;
  onWalk(walk: { current: string; path: string[] }): void;
  onClose(): void;
}) {
  const t = useT();
  const [run, setRun] = useState<ScriptRun>(() => startRun(props.script));
  const update = (next: ScriptRun) => {
    setRun(next);
    props.onWalk({ current: next.nodeId, path: next.path });
  };
  const outcome = suggestedOutcome(props.script, run);
  return (
    <section className="test-run" aria-label={t('scripts.testRun')}>
      <header className="node-editor__head">
        <h2>{t('scripts.testRun')}</h2>
        <button type="button" className="button" onClick={() => update(startRun(props.script))}>
          {t('scripts.restart')}
        </button>
        <button type="button" className="button button--ghost" onClick={props.onClose}>
          {t('scripts.closeTest')}
        </button>
      </header>
      <p className="muted">{t('scripts.testHint')}</p>
      <ScriptPanel script={props.script} run={run} values={props.sample} onRun={update} />
      {outcome && (
        <p className="banner banner--info" role="status">
          {t('scripts.wouldSuggest')}: <strong>{t(`outcome.${outcome}`)}</strong>
        </p>
      )}
      <p className="muted">
        {t('scripts.pathSoFar')}: {run.path.join(' → ')}
      </p>
    </section>
  );
}
