'use client';

import { useState } from 'react';
import type { ObjectFormat, ObjectKind, PlacementPolicy } from '@stowage/core';
import { MAX_NAME_LENGTH } from '@stowage/core/domain';
import type { ZoneView } from '@stowage/services';
import { Field, inputClass } from '~/components/ui';
import { OBJECT_FORMAT_OPTIONS, OBJECT_KIND_OPTIONS, PLACEMENT_LABELS } from '~/lib/labels';

export interface Registration {
  name: string;
  kind: ObjectKind;
  format: ObjectFormat;
  originZoneId: string;
  placement: PlacementPolicy;
  zoneIds: string[];
  expectedSha256: string;
}

export const EMPTY_REGISTRATION: Registration = {
  name: '',
  kind: 'template',
  format: 'qcow2',
  originZoneId: '',
  placement: 'all_zones',
  zoneIds: [],
  expectedSha256: '',
};

/** The registration both tabs share, so switching from URL to upload keeps what was typed. */
export function useRegistration() {
  const [value, setValue] = useState<Registration>(EMPTY_REGISTRATION);
  const update = (patch: Partial<Registration>) => setValue((current) => ({ ...current, ...patch }));
  return { value, update, reset: () => setValue((current) => ({ ...EMPTY_REGISTRATION, originZoneId: current.originZoneId, placement: current.placement, zoneIds: current.zoneIds })) };
}

/** What the API wants from the shared fields: the sha256 only when typed, chosen zones only when they count. */
export function registrationInput(value: Registration) {
  return {
    name: value.name,
    kind: value.kind,
    format: value.format,
    originZoneId: value.originZoneId,
    placement: value.placement,
    zoneIds: value.placement === 'chosen_zones' ? value.zoneIds : [],
    ...(value.expectedSha256.trim() ? { expectedSha256: value.expectedSha256.trim() } : {}),
  };
}

export const REGISTRATION_FIELDS = ['name', 'kind', 'format', 'originZoneId', 'placement', 'zoneIds', 'expectedSha256'];

const PLACEMENTS = Object.keys(PLACEMENT_LABELS) as PlacementPolicy[];

/** Name, kind, format, origin zone, placement (with the zones to choose) and the optional sha256. */
export function RegistrationFields({
  idPrefix,
  value,
  update,
  zones,
  fieldErrors,
}: {
  idPrefix: string;
  value: Registration;
  update: (patch: Partial<Registration>) => void;
  zones: ZoneView[];
  fieldErrors: Record<string, string[]>;
}) {
  const id = (field: string) => `${idPrefix}-${field}`;
  const invalid = (field: string) => Boolean(fieldErrors[field]);
  return (
    <>
      <Field label="Name" htmlFor={id('name')} errors={fieldErrors.name}>
        <input id={id('name')} className={inputClass} value={value.name} maxLength={MAX_NAME_LENGTH} placeholder="ubuntu-24.04-server" aria-invalid={invalid('name')} onChange={(event) => update({ name: event.target.value })} />
      </Field>
      <div className="grid grid-cols-2 gap-4">
        <Field label="Kind" htmlFor={id('kind')} errors={fieldErrors.kind}>
          <select
            id={id('kind')}
            className={inputClass}
            value={value.kind}
            onChange={(event) => {
              const kind = event.target.value as ObjectKind;
              update(kind === 'iso' ? { kind, format: 'iso' } : value.format === 'iso' ? { kind, format: 'qcow2' } : { kind });
            }}
          >
            {OBJECT_KIND_OPTIONS.map((kind) => (
              <option key={kind} value={kind}>
                {kind}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Format" htmlFor={id('format')} errors={fieldErrors.format}>
          <select id={id('format')} className={inputClass} value={value.format} onChange={(event) => update({ format: event.target.value as ObjectFormat })}>
            {OBJECT_FORMAT_OPTIONS.map((format) => (
              <option key={format} value={format}>
                {format}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label="Origin zone" htmlFor={id('origin-zone')} errors={fieldErrors.originZoneId} hint="The bytes land on this zone's store of record first.">
        <select id={id('origin-zone')} className={inputClass} value={value.originZoneId} aria-invalid={invalid('originZoneId')} onChange={(event) => update({ originZoneId: event.target.value })}>
          <option value="">Choose a zone…</option>
          {zones.map((zone) => (
            <option key={zone.id} value={zone.id}>
              {zone.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Expected sha256 (optional)" htmlFor={id('sha256')} errors={fieldErrors.expectedSha256} hint="When given, a copy whose bytes do not match is refused.">
        <input
          id={id('sha256')}
          className={`${inputClass} font-mono`}
          value={value.expectedSha256}
          maxLength={64}
          spellCheck={false}
          autoComplete="off"
          placeholder="64 hexadecimal characters"
          aria-invalid={invalid('expectedSha256')}
          onChange={(event) => update({ expectedSha256: event.target.value })}
        />
      </Field>
      <fieldset className="flex flex-col gap-1 md:col-span-2" aria-describedby={fieldErrors.zoneIds ? id('zones-error') : undefined}>
        <legend className="mb-1 text-sm font-medium text-slate-700">Placement</legend>
        <div className="flex flex-wrap gap-x-6 gap-y-1">
          {PLACEMENTS.map((placement) => (
            <label key={placement} className="flex items-center gap-2 text-sm text-slate-700">
              <input type="radio" name={id('placement')} value={placement} checked={value.placement === placement} onChange={() => update({ placement })} className="accent-indigo-600" />
              {PLACEMENT_LABELS[placement].label}
            </label>
          ))}
        </div>
        <p className="text-xs text-slate-500">{PLACEMENT_LABELS[value.placement].hint}</p>
        {value.placement === 'chosen_zones' ? (
          <div role="group" aria-label="Zones to place in" className="mt-1 flex flex-wrap gap-x-5 gap-y-1 rounded-md bg-slate-50 px-3 py-2">
            {zones.length === 0 ? <span className="text-sm text-slate-500">No zones yet.</span> : null}
            {zones.map((zone) => (
              <label key={zone.id} className="flex items-center gap-2 text-sm text-slate-700">
                <input
                  type="checkbox"
                  className="accent-indigo-600"
                  checked={value.zoneIds.includes(zone.id)}
                  onChange={(event) =>
                    update({ zoneIds: event.target.checked ? [...value.zoneIds, zone.id] : value.zoneIds.filter((zoneId) => zoneId !== zone.id) })
                  }
                />
                {zone.name}
                {zone.mode === 'staging' ? <span className="text-xs text-slate-400">(staging)</span> : null}
              </label>
            ))}
          </div>
        ) : null}
        {fieldErrors.zoneIds ? (
          <p id={id('zones-error')} className="text-xs text-red-700" data-testid={`${id('zones')}-error`}>
            {fieldErrors.zoneIds.join(' ')}
          </p>
        ) : null}
        {fieldErrors.placement ? <p className="text-xs text-red-700">{fieldErrors.placement.join(' ')}</p> : null}
      </fieldset>
    </>
  );
}
