import { FormRow } from './FormRow';

interface EnumSelectProps<K extends string> {
  label: string;
  value: K;
  /** The schema's options, in display order (e.g. `RequirementSchema.options`). */
  options: readonly K[];
  /** Words shown for each option. */
  labels: Record<K, string>;
  error?: string | undefined;
  onChange: (value: K) => void;
}

/** A labelled select over one of the model's enums. */
export function EnumSelect<K extends string>({ label, value, options, labels, error, onChange }: EnumSelectProps<K>): React.JSX.Element {
  return (
    <FormRow label={label} error={error}>
      {(props) => (
        <select {...props} value={value} onChange={(event) => onChange(event.target.value as K)}>
          {options.map((option) => (
            <option key={option} value={option}>
              {labels[option]}
            </option>
          ))}
        </select>
      )}
    </FormRow>
  );
}
