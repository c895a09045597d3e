import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/**
 * A small OpenID provider on a loopback port for the server's SSO tests: discovery, JWKS, a
 * token endpoint that checks the client secret, PKCE and single use of each code, and ID
 * tokens whose audience, expiry and signature a test can spoil. The authorization step is the
 * test's own call to `issueCode` (no login page): the browser test uses the real oidc-provider.
 */
export interface IdTokenSpoilers {
  audience?: string;
  expiresInSeconds?: number;
  /** Sign with a key the JWKS does not hold (but under the published kid). */
  foreignKey?: boolean;
  nonce?: string;
}

interface PendingCode {
  claims: Record<string, unknown>;
  nonce: string;
  codeChallenge: string;
  spoil: IdTokenSpoilers;
  used: boolean;
}

export async function startOidcIdp(options: { clientId: string; clientSecret: string }) {
  let key = await newKey();
  const foreign = await newKey();
  const codes = new Map<string, PendingCode>();
  const tokenRequests: URLSearchParams[] = [];
  let up = true;

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', issuer);
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (!up) return json(503, { error: 'temporarily_unavailable' });
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        end_session_endpoint: `${issuer}/logout`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [key.publicJwk] });
    if (url.pathname === '/token' && req.method === 'POST') {
      const body = new URLSearchParams(await readBody(req));
      tokenRequests.push(body);
      if (body.get('client_id') !== options.clientId || body.get('client_secret') !== options.clientSecret) {
        return json(401, { error: 'invalid_client' });
      }
      const pending = codes.get(body.get('code') ?? '');
      if (!pending || pending.used) return json(400, { error: 'invalid_grant', error_description: 'code used' });
      pending.used = true;
      const challenge = createHash('sha256')
        .update(body.get('code_verifier') ?? '')
        .digest('base64url');
      if (challenge !== pending.codeChallenge) return json(400, { error: 'invalid_grant', error_description: 'PKCE' });
      const now = Math.floor(Date.now() / 1000);
      const exp = now + (pending.spoil.expiresInSeconds ?? 300);
      const idToken = await new SignJWT({ ...pending.claims, nonce: pending.spoil.nonce ?? pending.nonce })
        .setProtectedHeader({ alg: 'RS256', kid: key.kid })
        .setIssuer(issuer)
        .setAudience(pending.spoil.audience ?? options.clientId)
        .setIssuedAt(Math.min(now, exp - 60))
        .setExpirationTime(exp)
        .sign(pending.spoil.foreignKey ? foreign.privateKey : key.privateKey);
      return json(200, { access_token: randomBytes(16).toString('hex'), token_type: 'Bearer', id_token: idToken });
    }
    return json(404, { error: 'not_found' });
  }

  return {
    issuer,
    tokenRequests,
    /** What the login page would do: answers the code for the redirect back to the app. */
    issueCode(authorizeUrl: string, claims: Record<string, unknown>, spoil: IdTokenSpoilers = {}) {
      const params = new URL(authorizeUrl).searchParams;
      const code = randomBytes(16).toString('hex');
      codes.set(code, {
        claims,
        nonce: params.get('nonce') ?? '',
        codeChallenge: params.get('code_challenge') ?? '',
        spoil,
        used: false,
      });
      const redirect = new URL(params.get('redirect_uri')!);
      redirect.searchParams.set('code', code);
      redirect.searchParams.set('state', params.get('state') ?? '');
      return { code, callback: `${redirect.pathname}${redirect.search}` };
    },
    /** A new signing key replaces the old one in the JWKS. */
    async rotateKey() {
      key = await newKey();
    },
    setUp(value: boolean) {
      up = value;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function newKey(): Promise<{ kid: string; privateKey: CryptoKey; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = randomBytes(8).toString('hex');
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}
