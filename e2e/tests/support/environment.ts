/** A value the e2e global setup puts in the environment (the Swift server's URL and credentials, …). */
export function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the e2e global setup starts the Swift server (a spec that uses it declares needs('object-store'))`);
  return value;
}
