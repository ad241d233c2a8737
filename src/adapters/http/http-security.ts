import { readFileSync } from 'node:fs';
import type { HttpSettings } from '../../config/http-env.js';
import type { HttpSecurity } from './http-server.js';

/** The server's security options from the settings: reads the TLS files once, at start. */
export const httpSecurity = (http: HttpSettings): HttpSecurity => ({
  allowedHosts: http.allowedHosts,
  trustProxy: http.trustProxy,
  ...(http.tls ? { tls: { cert: readFileSync(http.tls.certFile), key: readFileSync(http.tls.keyFile) } } : {}),
});
