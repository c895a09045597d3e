import { z } from 'zod';
import { LOCALES, ROLES, TICKET_STATUSES } from './constants';

export const Role = z.enum(ROLES).describe('user (employee), it_staff, manager or admin');
export type Role = z.infer<typeof Role>;

export const TicketStatus = z.enum(TICKET_STATUSES);
export type TicketStatus = z.infer<typeof TicketStatus>;

export const Locale = z.enum(LOCALES).describe('Interface and notification language: id (Indonesian) or en');
export type Locale = z.infer<typeof Locale>;
