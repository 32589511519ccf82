/** Worker.zones is JSON: an array of zone names, or null for every zone. */
export function zonesToJson(zones: string[] | null): string | null {
  return zones === null ? null : JSON.stringify(zones);
}

export function zonesFromJson(json: string | null): string[] | null {
  if (json === null) return null;
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter((zone): zone is string => typeof zone === 'string') : null;
}
