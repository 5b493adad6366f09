import { CALL_OUTCOMES, type CallOutcome } from '../../shared/core/types.ts';
import { useT } from '../i18n/index.ts';
import type { ControlProps } from './Field.tsx';

/** A call outcome, or none ('—'). */
export function OutcomeSelect(
  props: Partial<ControlProps> & { value: CallOutcome | ''; onChange(value: CallOutcome | ''): void },
) {
  const t = useT();
  const { value, onChange, ...control } = props;
  return (
    <select {...control} value={value} onChange={(e) => onChange(e.target.value as CallOutcome | '')}>
      <option value="">—</option>
      {CALL_OUTCOMES.map((o) => (
        <option key={o} value={o}>
          {t(`outcome.${o}`)}
        </option>
      ))}
    </select>
  );
}
