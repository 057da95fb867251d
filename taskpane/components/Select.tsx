import { Dropdown, Option, type DropdownProps } from '@fluentui/react-components';
import { useStyles } from './ui';

export interface SelectOption {
  value: string;
  text: string;
  /** A second, smaller line in the list (e.g. an amount). */
  sub?: string;
  disabled?: boolean;
}

/**
 * A Fluent Dropdown whose chosen value wraps instead of being cut off in a narrow pane.
 * Controlled: `value` is the chosen option's value.
 */
export function Select({
  value,
  options,
  onChange,
  placeholder,
  testId,
  ...rest
}: {
  value: string;
  options: SelectOption[];
  onChange: (value: string) => void;
  placeholder?: string;
  testId?: string;
} & Pick<DropdownProps, 'aria-labelledby' | 'id' | 'disabled'>) {
  const s = useStyles();
  const chosen = options.find((o) => o.value === value);
  return (
    <Dropdown
      {...rest}
      data-testid={testId}
      className={s.dropdown}
      button={{ className: s.dropdownButton }}
      listbox={{ className: s.listbox }}
      // Open below or above the control, never beside it (there is no room beside it in a
      // task pane), and scroll when the list is taller than the space.
      positioning={{ position: 'below', align: 'start', fallbackPositions: ['above-start'], autoSize: 'height' }}
      value={chosen?.text ?? ''}
      selectedOptions={chosen ? [chosen.value] : []}
      placeholder={placeholder}
      onOptionSelect={(_, data) => {
        if (data.optionValue) onChange(data.optionValue);
      }}
    >
      {options.map((o) => (
        <Option key={o.value} value={o.value} text={o.text} disabled={o.disabled} className={s.option}>
          <span>
            {o.text}
            {o.sub && <span className={s.optionSub}>{o.sub}</span>}
          </span>
        </Option>
      ))}
    </Dropdown>
  );
}
