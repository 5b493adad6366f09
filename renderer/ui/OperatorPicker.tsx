import type { User } from '../../shared/core/types.ts';

/** Checkboxes for the operators who work a list. */
export function OperatorPicker(props: {
  legend: string;
  operators: User[];
  selected: string[];
  onChange(ids: string[]): void;
}) {
  return (
    <fieldset className="assignees">
      <legend>{props.legend}</legend>
      {props.operators.map((o) => (
        <label key={o.id}>
          <input
            type="checkbox"
            checked={props.selected.includes(o.id)}
            onChange={(e) =>
              props.onChange(e.target.checked ? [...props.selected, o.id] : props.selected.filter((x) => x !== o.id))
            }
          />{' '}
          {o.name}
        </label>
      ))}
    </fieldset>
  );
}
