import { createHmac, timingSafeEqual } from 'node:crypto';

export interface WhatsAppConfig {
  apiUrl: string;
  token: string;
  phoneNumberId: string;
  appSecret?: string;
}

/** A Cloud API refusal. `permanent`: retrying will not help (number not on WhatsApp, window closed). */
export class WhatsAppError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly code?: number,
  ) {
    super(message);
    this.name = 'WhatsAppError';
  }
}

// Cloud API error codes after which the message can never be delivered as sent.
const PERMANENT_CODES = new Set([131026, 131047, 131051, 131052, 132000, 132001, 133010, 100]);

export interface WhatsAppClient {
  /** Sends an approved template message; answers the provider's message id. */
  sendTemplate(to: string, template: string, language: string, parameters: string[]): Promise<{ id: string }>;
}

export function whatsAppClient(config: WhatsAppConfig, fetchImpl: typeof fetch = fetch): WhatsAppClient {
  return {
    async sendTemplate(to, template, language, parameters) {
      const res = await fetchImpl(`${config.apiUrl.replace(/\/$/, '')}/${config.phoneNumberId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${config.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          to: to.replace(/^\+/, ''),
          type: 'template',
          template: {
            name: template,
            language: { code: language },
            components: [
              { type: 'body', parameters: parameters.map((text) => ({ type: 'text', text: text.slice(0, 1000) })) },
            ],
          },
        }),
        signal: AbortSignal.timeout(15_000),
      });
      const body = (await res.json().catch(() => ({}))) as {
        messages?: { id: string }[];
        error?: { message?: string; code?: number };
      };
      if (res.ok && body.messages?.[0]?.id) return { id: body.messages[0].id };
      const code = body.error?.code;
      const permanent =
        res.status >= 400 && res.status < 500 && res.status !== 429 && code !== undefined && PERMANENT_CODES.has(code);
      throw new WhatsAppError(
        `WhatsApp ${res.status}: ${body.error?.message ?? 'no message id'}${code ? ` (code ${code})` : ''}`,
        permanent,
        code,
      );
    },
  };
}

/** Checks `X-Hub-Signature-256: sha256=<hex>` over the raw request body. */
export function verifyWebhookSignature(appSecret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  const given = Buffer.from(header.slice(7), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
