import { z } from 'zod';

export const ROLES = ['user', 'it_staff', 'manager', 'admin'] as const;
export const Role = z.enum(ROLES).describe('user (employee), it_staff, manager or admin');
export type Role = z.infer<typeof Role>;

export const TICKET_STATUSES = ['OPEN', 'IN_PROGRESS', 'ON_HOLD', 'RESOLVED', 'CLOSED'] as const;
export const TicketStatus = z.enum(TICKET_STATUSES);
export type TicketStatus = z.infer<typeof TicketStatus>;

export const LOCALES = ['id', 'en'] as const;
export const Locale = z.enum(LOCALES).describe('Interface and notification language: id (Indonesian) or en');
export type Locale = z.infer<typeof Locale>;
