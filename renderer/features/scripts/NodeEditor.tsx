import { useRef } from 'react';
import { isScriptField, SCRIPT_FIELDS, type ScriptField } from '../../../shared/call-scripts/script-fields.ts';
import { stepName } from '../../../shared/call-scripts/script-edit.ts';
import { substitute } from '../../../shared/call-scripts/script-runner.ts';
import { SCRIPT_NODE_KINDS, type Script, type ScriptNode } from '../../../shared/core/types.ts';
import { useLanguageStore, useT } from '../../i18n/index.ts';
import { Field } from '../../ui/Field.tsx';
import { OutcomeSelect } from '../../ui/OutcomeSelect.tsx';

interface Props {
  script: Script;
  node: ScriptNode;
  readOnly: boolean;
  /** Sample values the preview fills {contact}, {company}, {operator} with. */
  sample: Record<string, string>;
  onChange(node: ScriptNode): void;
  onRemove(): void;
  onMakeStart(): void;
}

const VARIABLES = ['contact', 'company', 'operator'];

/** One step of the script: its kind, words, where the answer goes and where each answer leads. */
export function NodeEditor({ script, node, readOnly, sample, onChange, onRemove, onMakeStart }: Props) {
  const t = useT();
  const language = useLanguageStore((st) => st.language);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const set = (patch: Partial<ScriptNode>) => onChange({ ...node, ...patch });
  const others = script.nodes.filter((n) => n.id !== node.id);
  const target = (value: string, onPick: (id: string) => void, label: string, allowReturn = false) => (
    <select value={value} onChange={(e) => onPick(e.target.value)} disabled={readOnly} aria-label={label}>
      <option value="">{allowReturn ? t('scripts.returnBack') : t('scripts.nowhere')}</option>
      {others.map((n) => (
        <option key={n.id} value={n.id}>
          {stepName(n) || '—'} · {t(`node.${n.kind}`)}
        </option>
      ))}
    </select>
  );
  const insert = (name: string) => {
    const el = textRef.current;
    const at = el ? el.selectionStart : node.text.length;
    set({ text: `${node.text.slice(0, at)}{${name}}${node.text.slice(at)}` });
  };

  return (
    <section className="node-editor" aria-label={t('scripts.step')}>
      <header className="node-editor__head">
        <h2>
          {t('scripts.step')}: {stepName(node) || t(`node.${node.kind}`)}
        </h2>
        {!readOnly && node.id !== script.startNodeId && node.kind !== 'objection' && (
          <button type="button" className="button button--ghost" onClick={onMakeStart}>
            {t('scripts.makeStart')}
          </button>
        )}
        {!readOnly && node.id !== script.startNodeId && (
          <button type="button" className="button button--danger" onClick={onRemove}>
            {t('scripts.removeStep')}
          </button>
        )}
      </header>
      <fieldset disabled={readOnly} className="node-editor__fields">
        <Field label={t('scripts.kind')}>
          {(c) => (
            <select {...c} value={node.kind} onChange={(e) => set({ kind: e.target.value as ScriptNode['kind'] })}>
              {SCRIPT_NODE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`node.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={node.kind === 'objection' ? t('scripts.objectionTitle') : t('scripts.stepTitle')}>
          {(c) => <input {...c} value={node.title} onChange={(e) => set({ title: e.target.value })} />}
        </Field>
        <Field label={t('scripts.text')} wide>
          {(c) => (
            <textarea ref={textRef} {...c} rows={4} value={node.text} onChange={(e) => set({ text: e.target.value })} />
          )}
        </Field>
        <div className="node-editor__vars">
          <span className="muted">{t('scripts.insert')}:</span>
          {VARIABLES.map((v) => (
            <button key={v} type="button" className="button button--ghost" onClick={() => insert(v)}>
              {`{${v}}`}
            </button>
          ))}
        </div>
        <div className="node-editor__preview" aria-label={t('scripts.preview')}>
          <span className="muted">{t('scripts.preview')}</span>
          <p data-testid="substitution-preview">{substitute(node.text, sample) || '—'}</p>
        </div>
        {node.kind === 'ask' && (
          <Field label={t('scripts.field')}>
            {(c) => (
              <select {...c} value={node.field} onChange={(e) => set({ field: e.target.value })}>
                <option value="">{t('scripts.fieldNone')}</option>
                {(Object.keys(SCRIPT_FIELDS) as ScriptField[]).map((f) => (
                  <option key={f} value={f}>
                    {SCRIPT_FIELDS[f][language]}
                  </option>
                ))}
                {node.field && !isScriptField(node.field) && <option value={node.field}>{node.field}</option>}
              </select>
            )}
          </Field>
        )}
        {node.kind !== 'end' && (
          <fieldset className="node-editor__options">
            <legend>{t('scripts.answers')}</legend>
            {node.options.length === 0 && <p className="muted">{t('scripts.noOptions')}</p>}
            {node.options.map((o, i) => (
              <div key={o.id} className="node-editor__option">
                <input
                  value={o.label}
                  aria-label={t('scripts.answerLabel', { n: i + 1 })}
                  onChange={(e) =>
                    set({ options: node.options.map((x) => (x.id === o.id ? { ...x, label: e.target.value } : x)) })
                  }
                />
                {target(
                  o.next,
                  (next) => set({ options: node.options.map((x) => (x.id === o.id ? { ...x, next } : x)) }),
                  t('scripts.answerLeadsTo', { n: i + 1 }),
                )}
                <button
                  type="button"
                  className="button button--ghost"
                  aria-label={t('scripts.removeAnswer', { n: i + 1 })}
                  onClick={() => set({ options: node.options.filter((x) => x.id !== o.id) })}
                >
                  ✕
                </button>
              </div>
            ))}
            <button
              type="button"
              className="button"
              onClick={() =>
                set({ options: [...node.options, { id: freeOptionId(node), label: '', next: node.next || '' }] })
              }
            >
              {t('scripts.addAnswer')}
            </button>
          </fieldset>
        )}
        {node.kind !== 'end' && (
          <Field label={node.kind === 'objection' ? t('scripts.afterObjection') : t('scripts.then')}>
            {() => target(node.next, (next) => set({ next }), t('scripts.then'), node.kind === 'objection')}
          </Field>
        )}
        {node.kind === 'end' && (
          <Field label={t('scripts.outcome')}>
            {(c) => <OutcomeSelect {...c} value={node.outcome} onChange={(outcome) => set({ outcome })} />}
          </Field>
        )}
      </fieldset>
    </section>
  );
}

function freeOptionId(node: ScriptNode): string {
  const ids = new Set(node.options.map((o) => o.id));
  for (let i = 1; ; i++) if (!ids.has(`a${i}`)) return `a${i}`;
}
