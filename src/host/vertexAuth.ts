// Vertex AI access tokens from the user's Application Default Credentials (gcloud auth
// application-default login, a service-account key file in GOOGLE_APPLICATION_CREDENTIALS, or the
// metadata server), through google-auth-library: Google's maintained library, which refreshes tokens
// and follows every ADC source, so the extension never handles refresh tokens itself.
// Built as its own bundle (dist/vertexAuth.js) and loaded only when the Vertex provider is used.
import { GoogleAuth } from 'google-auth-library';

export type AccessTokenProvider = (opts?: { forceRefresh?: boolean }) => Promise<string>;

export function createAccessTokenProvider(): AccessTokenProvider {
  const auth = new GoogleAuth({ scopes: ['https://www.googleapis.com/auth/cloud-platform'] });
  return async (opts) => {
    const client = await auth.getClient();
    if (opts?.forceRefresh && 'credentials' in client) client.credentials = {};
    const { token } = await client.getAccessToken();
    if (!token) throw new Error('No Google Cloud access token: run `gcloud auth application-default login`.');
    return token;
  };
}
