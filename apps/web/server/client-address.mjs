/** Must equal CLIENT_ADDRESS_HEADER in @stowage/auth. */
export const CLIENT_ADDRESS_HEADER = 'x-stowage-client-address';

/**
 * Tells the application who the client is, in a header no client can set: whatever arrived under that name is
 * replaced. Behind a proxy the admin names its header; its last address is the one that proxy saw (earlier
 * ones are whatever the client claimed). Without one, the socket's peer address.
 */
export function setClientAddress(request, trustedProxyHeader) {
  let address = request.socket.remoteAddress ?? '';
  if (trustedProxyHeader) {
    const value = request.headers[trustedProxyHeader];
    const last = (Array.isArray(value) ? value.join(',') : (value ?? '')).split(',').pop()?.trim();
    if (last) address = last;
  }
  request.headers[CLIENT_ADDRESS_HEADER] = address.replace(/^::ffff:/, '').slice(0, 64);
}
