/** How the product signs people in; fixed at start from the environment. */
export interface AuthSettings {
  /**
   * The URL people open (STOWAGE_PUBLIC_URL). https: cookies are Secure with a __Secure- name, and HSTS is
   * sent. Unset: taken from each request (plain HTTP on 127.0.0.1 in development and tests).
   */
  publicUrl: string | undefined;
  /** Signs the session cookie; derived from the installation's secret key. */
  secret: string;
  /** A session unused this long ends. */
  idleTimeoutS: number;
  /** A session ends this long after sign-in, used or not. */
  absoluteTimeoutS: number;
}

export const DEFAULT_IDLE_TIMEOUT_S = 2 * 60 * 60;
export const DEFAULT_ABSOLUTE_TIMEOUT_S = 12 * 60 * 60;

/** How often a session in use has its idle expiry slid forward (one write per session per interval at most). */
export function refreshIntervalS(settings: Pick<AuthSettings, 'idleTimeoutS'>): number {
  return Math.max(1, Math.min(60, Math.floor(settings.idleTimeoutS / 4)));
}

export function servedOverHttps(settings: Pick<AuthSettings, 'publicUrl'>): boolean {
  return settings.publicUrl?.startsWith('https://') ?? false;
}
