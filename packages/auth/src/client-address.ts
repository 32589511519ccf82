/**
 * The header through which the web process's own HTTP server hands the client's address to the application.
 * That server sets it on every request (replacing whatever a client sent) from the socket's peer address or,
 * when the admin names a trusted proxy header (STOWAGE_TRUSTED_PROXY_HEADER), from the last address in it.
 */
export const CLIENT_ADDRESS_HEADER = 'x-stowage-client-address';

export function clientAddressOf(headers: Headers): string | null {
  const value = headers.get(CLIENT_ADDRESS_HEADER)?.trim();
  return value ? value.slice(0, 64) : null;
}
