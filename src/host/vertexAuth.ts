// Vertex AI access tokens from the user's Application Default Credentials (gcloud auth
// application-default login, a service-account key file in GOOGLE_APPLICATION_CREDENTIALS, or the
// metadata server), through google-auth-library: Google's maintained library, which refreshes tokens
// and follows every ADC source, so the extension never handles refresh tokens itself.
// Built as its own bundle (dist/vertexAuth.js) and loaded only when the Vertex provider is used.
import { GoogleAuth } from 'google-auth-library';
import type { AccessTokenProvider } from '../core/apiTransport';

const SCOPES = ['https://www.googleapis.com/auth/cloud-platform'];
const NO_CREDENTIALS =
  'Vertex AI needs Google Cloud credentials: run “gcloud auth application-default login” in a terminal, or set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file, then send again';

export function createAccessTokenProvider(): AccessTokenProvider {
  let auth = new GoogleAuth({ scopes: SCOPES });
  return async (opts) => {
    // After a 401 the cached token is not trusted: a fresh GoogleAuth re-reads the credentials and
    // fetches a new token (the library otherwise reuses its cached one until it expires).
    if (opts?.forceRefresh) auth = new GoogleAuth({ scopes: SCOPES });
    let token: string | null | undefined;
    try {
      const client = await auth.getClient();
      ({ token } = await client.getAccessToken());
    } catch (err) {
      // The library's own message names no command: say what fixes it.
      throw new Error(`${NO_CREDENTIALS} (${err instanceof Error ? err.message : String(err)})`, { cause: err });
    }
    if (!token) throw new Error(NO_CREDENTIALS);
    return token;
  };
}
