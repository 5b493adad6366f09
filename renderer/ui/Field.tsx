import { type ReactNode, useId } from 'react';

export interface ControlProps {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

/**
 * A labelled control with its error. The error sits outside the label, so the control's accessible
 * name stays its label, and is tied to the control by aria-describedby.
 */
export function Field(props: {
  label: string;
  error?: string | undefined;
  wide?: boolean;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const control: ControlProps = props.error ? { id, 'aria-invalid': true, 'aria-describedby': errorId } : { id };
  return (
    <div className={props.wide ? 'field field--wide' : 'field'}>
      <label htmlFor={id}>{props.label}</label>
      {props.children(control)}
      {props.error && (
        <span className="field__error" id={errorId}>
          {props.error}
        </span>
      )}
    </div>
  );
}
