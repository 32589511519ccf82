'use client';

import type { ConfigField } from '@stowage/services';
import { Field, inputClass } from '~/components/ui';

export function ConfigInput({
  field,
  value,
  onChange,
  errors,
  idPrefix = 'store-config',
  secretPlaceholder,
}: {
  field: ConfigField;
  value: string;
  onChange: (value: string) => void;
  errors?: string[];
  idPrefix?: string;
  /** Shown in an empty secret field whose stored value is kept. */
  secretPlaceholder?: string;
}) {
  const id = `${idPrefix}-${field.name}`;
  if (field.type === 'boolean') {
    return (
      <div className="flex flex-col gap-1">
        <label htmlFor={id} className="flex items-center gap-2 pt-6 text-sm font-medium text-slate-700">
          <input id={id} type="checkbox" className="size-4 rounded border-slate-300" checked={value === 'true'} onChange={(event) => onChange(String(event.target.checked))} />
          {field.label}
        </label>
        {field.description ? <p className="text-xs text-slate-500">{field.description}</p> : null}
        {errors ? <p className="text-xs text-red-700" data-testid={`${id}-error`}>{errors.join(' ')}</p> : null}
      </div>
    );
  }
  return (
    <Field label={field.required ? field.label : `${field.label} (optional)`} htmlFor={id} errors={errors} hint={field.description}>
      {field.options ? (
        <select id={id} className={inputClass} value={value} onChange={(event) => onChange(event.target.value)}>
          {field.options.map((option) => (
            <option key={option}>{option}</option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          className={inputClass}
          type={field.secret ? 'password' : field.type === 'number' ? 'number' : 'text'}
          autoComplete={field.secret ? 'new-password' : 'off'}
          value={value}
          min={field.min ?? undefined}
          max={field.max ?? undefined}
          placeholder={(field.secret ? secretPlaceholder : undefined) ?? field.placeholder ?? undefined}
          aria-invalid={Boolean(errors)}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

/** The form's starting values: each field's schema default, as text. */
export function defaultsOf(fields: ConfigField[]): Record<string, string> {
  return Object.fromEntries(fields.map((field) => [field.name, field.defaultValue === null ? '' : String(field.defaultValue)]));
}

/**
 * Form text to typed configuration. Optional fields left empty are left out; so are empty secrets when
 * editing, which keeps the stored value.
 */
export function typedConfig(
  fields: ConfigField[],
  values: Record<string, string>,
  options: { omitEmptySecrets?: boolean } = {},
): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = values[field.name] ?? '';
    if (raw === '' && (!field.required || (field.secret && options.omitEmptySecrets))) continue;
    config[field.name] = field.type === 'number' ? Number(raw) : field.type === 'boolean' ? raw === 'true' : raw;
  }
  return config;
}
