/** Where tests and benchmarks reach the server with tempauth (v1). */
export interface TempauthEndpoint {
  authUrl: string;
  swift: { user: string; key: string };
}

/** A tempauth token and the account's storage URL, through plain Swift API calls. */
export async function tempauthSession(endpoint: TempauthEndpoint): Promise<{ token: string; storageUrl: string }> {
  const response = await fetch(endpoint.authUrl, {
    headers: { 'x-auth-user': endpoint.swift.user, 'x-auth-key': endpoint.swift.key },
  });
  const token = response.headers.get('x-auth-token');
  const storageUrl = response.headers.get('x-storage-url');
  if (!response.ok || !token || !storageUrl) throw new Error(`Swift auth failed: HTTP ${response.status}`);
  return { token, storageUrl };
}

/** Creates a container (under s3api, also a bucket of the same name); Stowage's providers never create one. */
export async function createContainer(endpoint: TempauthEndpoint, name: string): Promise<void> {
  const { token, storageUrl } = await tempauthSession(endpoint);
  const response = await fetch(`${storageUrl}/${encodeURIComponent(name)}`, {
    method: 'PUT',
    headers: { 'x-auth-token': token },
  });
  if (response.status !== 201 && response.status !== 202) throw new Error(`Creating ${name}: HTTP ${response.status}`);
}
