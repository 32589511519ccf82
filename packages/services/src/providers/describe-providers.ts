import { z } from 'zod';
import type { ProviderId, StoreRole } from '@stowage/core';
import { listProviders, type ProviderCapabilities } from '@stowage/providers';

export interface ConfigField {
  name: string;
  label: string;
  description: string | null;
  type: 'string' | 'number' | 'boolean';
  required: boolean;
  secret: boolean;
  placeholder: string | null;
  options: string[] | null;
  /** The value the schema fills in when the field is left empty. */
  defaultValue: string | number | boolean | null;
  min: number | null;
  max: number | null;
}

export interface ProviderDescription {
  id: ProviderId;
  label: string;
  description: string;
  roles: readonly StoreRole[];
  capabilities: ProviderCapabilities;
  fields: ConfigField[];
}

interface JsonSchemaProperty {
  type?: string | string[];
  title?: string;
  description?: string;
  examples?: unknown[];
  placeholder?: string;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
}

/** The form a provider's configuration needs, derived from its zod schema (so the form and the check never drift). */
export function describeProviders(): ProviderDescription[] {
  return listProviders().map((provider) => {
    const schema = z.toJSONSchema(provider.configSchema, { io: 'input', unrepresentable: 'any' }) as {
      properties?: Record<string, JsonSchemaProperty>;
      required?: string[];
    };
    const fields = Object.entries(schema.properties ?? {}).map(([name, property]): ConfigField => {
      const type = Array.isArray(property.type) ? property.type[0] : property.type;
      return {
        name,
        label: property.title ?? name,
        description: property.description ?? null,
        type: type === 'number' || type === 'integer' ? 'number' : type === 'boolean' ? 'boolean' : 'string',
        required: schema.required?.includes(name) ?? false,
        secret: provider.secretFields.includes(name),
        placeholder: property.placeholder ?? (property.examples?.[0] !== undefined ? String(property.examples[0]) : null),
        options: property.enum ? property.enum.map(String) : null,
        defaultValue:
          typeof property.default === 'string' || typeof property.default === 'number' || typeof property.default === 'boolean'
            ? property.default
            : null,
        min: property.minimum ?? null,
        max: property.maximum ?? null,
      };
    });
    return {
      id: provider.id,
      label: provider.label,
      description: provider.description,
      roles: provider.roles,
      capabilities: provider.capabilities,
      fields,
    };
  });
}
