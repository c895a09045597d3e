import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from '../../../test/app';
import {
  authnRequestId,
  SAML_IDP_CERT,
  SAML_IDP_ENTITY_ID,
  samlResponse,
  type AssertionOptions,
} from '../../../test/saml-idp';

let t: TestApp;
let admin: Awaited<ReturnType<typeof loginAs>>;
let slug: string;
let seq = 0;
const base = 'http://localhost:80';

beforeAll(async () => {
  t = await buildTestApp();
  admin = await loginAs(t.app, 'admin');
});
afterAll(() => t.close());

beforeEach(async () => {
  slug = `adfs-${++seq}`;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/sso/providers',
    headers: admin.headers,
    payload: {
      slug,
      kind: 'saml',
      label: 'AD FS',
      entryPoint: 'https://idp.corp.test/saml/sso',
      idpEntityId: SAML_IDP_ENTITY_ID,
      idpCert: SAML_IDP_CERT,
      allowedDomains: ['corp.test'],
      roleMappings: [{ group: 'IT Helpdesk', role: 'it_staff' }],
      divisionMappings: [{ group: 'IT Helpdesk', division: 'TI' }],
    },
  });
  expect(res.statusCode, res.body).toBe(201);
});

const urls = () => ({ acsUrl: `${base}/api/auth/sso/${slug}/acs`, audience: `${base}/api/auth/sso/${slug}/metadata` });

async function startRequest() {
  const res = await t.app.inject({ method: 'GET', url: `/api/auth/sso/${slug}/start` });
  expect(res.statusCode).toBe(303);
  const location = res.headers.location as string;
  expect(location.startsWith('https://idp.corp.test/saml/sso?SAMLRequest=')).toBe(true);
  return authnRequestId(location);
}

async function post(base64: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/auth/sso/${slug}/acs`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ SAMLResponse: base64, RelayState: '' }).toString(),
  });
  expect(res.statusCode, res.body).toBe(303);
  return { location: res.headers.location, refresh: res.cookies.find((c) => c.name === 'bantu_refresh')?.value };
}

async function assertion(overrides: Partial<AssertionOptions> = {}) {
  return samlResponse({
    inResponseTo: await startRequest(),
    ...urls(),
    nameId: `saml-${seq}`,
    email: `saml-${seq}@corp.test`,
    groups: ['IT Helpdesk'],
    ...overrides,
  });
}

describe('SAML 2.0 sign-in', () => {
  it('publishes service provider metadata at a stable URL', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/auth/sso/${slug}/metadata` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/samlmetadata+xml');
    expect(res.body).toContain(`entityID="${urls().audience}"`);
    expect(res.body).toContain(`Location="${urls().acsUrl}"`);
  });

  it('signs in with a signed assertion: provisions the user with the mapped role and division', async () => {
    const { base64 } = await assertion();
    const res = await post(base64);
    expect(res.location).toBe('/login');
    const session = await t.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      cookies: { bantu_refresh: res.refresh! },
    });
    expect(session.json()).toMatchObject({
      user: { email: `saml-${seq}@corp.test`, role: 'it_staff', division: 'TI' },
    });
  });

  it('refuses a replayed assertion', async () => {
    const { base64 } = await assertion();
    expect((await post(base64)).location).toBe('/login');
    const replay = await post(base64);
    expect(replay.location).toBe('/login?ssoError=assertion_replayed');
    expect(replay.refresh).toBeUndefined();
  });

  it('refuses a tampered assertion', async () => {
    const { xml } = await assertion();
    const tampered = xml.replace(
      '<saml:AttributeValue>IT Helpdesk</saml:AttributeValue>',
      '<saml:AttributeValue>Admins</saml:AttributeValue>',
    );
    expect(tampered).not.toBe(xml);
    const res = await post(Buffer.from(tampered).toString('base64'));
    expect(res.location).toBe('/login?ssoError=assertion_invalid');
  });

  it.each([
    ['an expired', { notOnOrAfter: new Date(Date.now() - 10 * 60_000) }],
    ['an unsigned', { sign: 'none' as const }],
    ['a foreign-signed', { sign: 'other' as const }],
    ['a wrong-audience', { audience: 'https://someone-else.test/sp' }],
    ['a wrong-recipient', { acsUrl: 'https://someone-else.test/acs' }],
  ])('refuses %s assertion and creates nobody', async (_name, overrides) => {
    const email = `refused-${seq}@corp.test`;
    const { base64 } = await assertion({ email, ...overrides });
    const res = await post(base64);
    expect(res.location).toBe('/login?ssoError=assertion_invalid');
    expect(res.refresh).toBeUndefined();
    expect(await t.app.db.selectFrom('users').select('id').where('email', '=', email).execute()).toEqual([]);
  });

  it('refuses an unsolicited response and an answer to an unknown request', async () => {
    const { base64 } = samlResponse({
      inResponseTo: '_never-sent',
      ...urls(),
      nameId: 'unsolicited',
      email: 'unsolicited@corp.test',
    });
    expect((await post(base64)).location).toBe('/login?ssoError=assertion_invalid');
  });
});
