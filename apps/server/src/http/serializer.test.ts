import { LoginResponse, TicketPage, TicketResponse, UserResponse } from '@bantu/contracts';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileFast, serializerCompiler } from './serializer';

const route = (schema: unknown) => ({ schema, method: 'GET', url: '/x', httpStatus: '200' });
const viaZod = (schema: z.ZodType, data: unknown) =>
  zodSerializerCompiler(route(schema) as Parameters<typeof zodSerializerCompiler>[0])(data);

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const at = '2026-11-30T01:02:03.456Z';
const summary = (n: number, assigned: boolean) => ({
  id: id(n),
  ticketNumber: `TKT-202611-${String(n).padStart(5, '0')}`,
  title: `Printer "lantai" ${n} \\ tidak <b>bisa</b>\n`,
  status: assigned ? 'IN_PROGRESS' : 'OPEN',
  userId: id(100),
  assignedTo: assigned ? id(200) : null,
  categoryId: id(300),
  priorityId: id(400),
  requester: { id: id(100), name: 'Rina', email: 'leak@example.com', password_hash: '$argon2id$secret' },
  assignee: assigned ? { id: id(200), name: 'Budi', role: 'it_staff' } : null,
  category: { id: id(300), name: 'Hardware' },
  priority: { id: id(400), name: 'High', level: 2, color: '#ff0000' },
  slaDeadline: n % 2 ? at : null,
  slaState: 'on_track',
  resolvedAt: null,
  closedAt: null,
  createdAt: at,
  updatedAt: at,
  version: n,
  search: "'printer':1A",
});
const user = {
  id: id(1),
  name: 'Rina',
  email: 'rina@example.co.id',
  division: null,
  role: 'user',
  status: true,
  phone: null,
  locale: 'id',
  whatsappOptIn: false,
  hasPassword: true,
  lastLoginAt: null,
  twoFactorEnabled: false,
  mustChangePassword: false,
  createdAt: at,
  updatedAt: at,
  password_hash: '$argon2id$v=19$secret',
  passwordHash: '$argon2id$v=19$secret',
};

describe('response serializer', () => {
  it('compiles the hot response schemas to fast-json-stringify', () => {
    for (const schema of [TicketPage, TicketResponse, UserResponse, LoginResponse]) {
      expect(compileFast(schema)).not.toBeNull();
    }
  });

  it('writes the same JSON as the zod serializer, without fields the schema does not declare', () => {
    const page = { items: [summary(1, true), summary(2, false)], nextCursor: 'abc', total: 99 };
    const fast = serializerCompiler(route(TicketPage))(page);
    expect(JSON.parse(fast)).toEqual(JSON.parse(viaZod(TicketPage, page)));
    expect(fast).not.toMatch(/leak@|argon|password|"search"|"total"|"role"/);

    const login = { accessToken: 't', expiresIn: 900, user, refreshToken: 'never-in-the-body' };
    const body = serializerCompiler(route(LoginResponse))(login);
    expect(JSON.parse(body)).toEqual(JSON.parse(viaZod(LoginResponse, login)));
    expect(body).not.toMatch(/argon|password_hash|passwordHash|never-in-the-body/);
  });

  it('keeps the zod serializer for schemas that JSON Schema cannot close', () => {
    const loose = z.looseObject({ id: z.string() });
    expect(compileFast(loose)).toBeNull();
    expect(compileFast(z.object({ at: z.date().transform((d) => d.toISOString()) }))).toBeNull();
    // and that fallback still strips unknown fields of closed parts
    expect(JSON.parse(serializerCompiler(route(z.object({ a: z.string() })))({ a: 'x', b: 'y' }))).toEqual({ a: 'x' });
  });

  it('refuses a response that misses a required field instead of writing half of it', () => {
    const { id: _omit, ...partial } = user;
    expect(() => serializerCompiler(route(UserResponse))(partial)).toThrow();
  });
});
