import { fieldLabel } from '../../../shared/call-scripts/script-fields.ts';
import { stepName } from '../../../shared/call-scripts/script-edit.ts';
import { useState } from 'react';
import {
  choose,
  currentNode,
  objections,
  openObjection,
  proceed,
  type ScriptRun,
  substitute,
} from '../../../shared/call-scripts/script-runner.ts';
import type { Script } from '../../../shared/core/types.ts';
import { useLanguageStore, useT } from '../../i18n/index.ts';

interface Props {
  script: Script;
  run: ScriptRun;
  values: Record<string, string>;
  onRun(run: ScriptRun): void;
}

/** What an answer is, for people: the field's label, or the step's title for a choice along the way. */
function answerLabel(script: Script, key: string, language: 'ru' | 'en'): string {
  const label = fieldLabel(key, language);
  if (label) return label;
  const id = key.startsWith('step:') ? key.slice(5) : key;
  const node = script.nodes.find((n) => n.id === id);
  return (node && stepName(node)) || '—';
}

/** The script as the operator reads it: what to say, what to ask, where each answer leads. */
export function ScriptPanel({ script, run, values, onRun }: Props) {
  const t = useT();
  const language = useLanguageStore((st) => st.language);
  const node = currentNode(script, run);
  const [text, setText] = useState('');
  if (!node) return <p className="banner banner--error">{t('call.scriptBroken')}</p>;
  const free = node.kind === 'ask' && node.options.length === 0;
  const canContinue =
    node.kind !== 'end' && node.options.length === 0 && (Boolean(node.next) || node.kind === 'objection');
  const next = () => {
    onRun(proceed(script, run, text));
    setText('');
  };
  return (
    <section className="script" aria-label={t('call.script')}>
      <header className="script__head">
        <span className={`script__kind script__kind--${node.kind}`}>{t(`node.${node.kind}`)}</span>
        <span className="muted">
          {script.name} · v{script.version}
        </span>
      </header>
      <p className="script__text" data-testid="script-text">
        {substitute(node.text, values)}
      </p>
      {node.options.length > 0 && (
        <div className="script__options">
          {node.options.map((o, i) => (
            <button
              key={o.id}
              type="button"
              className="button script__option"
              aria-keyshortcuts={String(i + 1)}
              onClick={() => onRun(choose(script, run, o.id))}
            >
              <kbd>{i + 1}</kbd> {o.label}
            </button>
          ))}
        </div>
      )}
      {free && (
        <label className="field">
          <span>{t('call.answer')}</span>
          <input
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                next();
              }
            }}
            autoFocus
          />
        </label>
      )}
      {canContinue && (
        <button
          type="button"
          className="button button--primary script__continue"
          onClick={next}
          aria-keyshortcuts="Enter"
        >
          {t('call.continue')} <kbd>Enter</kbd>
        </button>
      )}
      {node.kind !== 'objection' && objections(script).length > 0 && (
        <div className="script__objections" aria-label={t('call.objections')} role="group">
          <span className="muted">{t('call.objections')}:</span>
          {objections(script).map((o) => (
            <button
              key={o.id}
              type="button"
              className="button button--ghost"
              onClick={() => onRun(openObjection(script, run, o.id))}
            >
              {stepName(o) || t('node.objection')}
            </button>
          ))}
        </div>
      )}
      {run.answers.length > 0 && (
        <dl className="script__answers" aria-label={t('call.answers')}>
          {run.answers.map((a) => (
            <div key={a.key}>
              <dt>{answerLabel(script, a.key, language)}</dt>
              <dd>{a.value}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
