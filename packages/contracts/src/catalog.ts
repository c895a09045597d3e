import { z } from 'zod';
import { HexColor, Id, Name, Text, Timestamp } from './common';

export const CategoryResponse = z.object({
  id: Id,
  name: z.string(),
  description: z.string().nullable(),
  isActive: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type CategoryResponse = z.infer<typeof CategoryResponse>;

/*
 * Update schemas are built from the fields without their create defaults: `.partial()` keeps a
 * `.default()`, so an update of only the description would otherwise send `isActive: true` and
 * re-activate an inactive entry. Create schemas add the defaults on top.
 */
const categoryFields = z.object({
  name: Name(100),
  description: Text(2000).nullable().optional(),
  isActive: z.boolean(),
});

export const CategoryCreateRequest = categoryFields.extend({ isActive: z.boolean().default(true) });
export type CategoryCreateRequest = z.input<typeof CategoryCreateRequest>;

export const CategoryUpdateRequest = categoryFields.partial().refine((v) => Object.keys(v).length > 0, {
  message: 'Nothing to update',
});
export type CategoryUpdateRequest = z.input<typeof CategoryUpdateRequest>;

export const PriorityResponse = z.object({
  id: Id,
  name: z.string(),
  description: z.string().nullable(),
  level: z.number().int().describe('1 = most urgent'),
  color: z.string(),
  isActive: z.boolean(),
  isDefault: z.boolean().describe('Used for new tickets when the requester picks none'),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type PriorityResponse = z.infer<typeof PriorityResponse>;

const priorityFields = z.object({
  name: Name(50),
  description: Text(2000).nullable().optional(),
  level: z.number().int().min(1).max(100).describe('1 = most urgent; unique among priorities'),
  color: HexColor,
  isActive: z.boolean(),
  isDefault: z.boolean().optional().describe('Make this the default priority (the previous default stops being one)'),
});

export const PriorityCreateRequest = priorityFields.extend({ isActive: z.boolean().default(true) });
export type PriorityCreateRequest = z.input<typeof PriorityCreateRequest>;

export const PriorityUpdateRequest = priorityFields.partial().refine((v) => Object.keys(v).length > 0, {
  message: 'Nothing to update',
});
export type PriorityUpdateRequest = z.input<typeof PriorityUpdateRequest>;

export const SlaRuleResponse = z.object({
  id: Id,
  priorityId: Id,
  durationHours: z.number().int().describe('Resolution target in hours'),
  firstResponseHours: z.number().int().nullable().describe('First-response target in hours, if any'),
  businessHours: z
    .boolean()
    .describe('Count the targets in business hours of the SLA calendar (false = 24x7 wall-clock, e.g. Critical)'),
  description: z.string().nullable(),
  isActive: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type SlaRuleResponse = z.infer<typeof SlaRuleResponse>;

const slaRuleFields = z.object({
  priorityId: Id,
  durationHours: z.number().int().min(1).max(8760),
  firstResponseHours: z.number().int().min(1).max(8760).nullable().optional(),
  businessHours: z.boolean().optional().describe('Default true (business hours); false = 24x7 wall-clock'),
  description: Text(2000).nullable().optional(),
  isActive: z.boolean(),
});
const firstResponseWithinResolution = (v: { durationHours?: number; firstResponseHours?: number | null }) =>
  v.firstResponseHours == null || v.durationHours === undefined || v.firstResponseHours <= v.durationHours;
const firstResponseIssue = {
  message: 'The first-response target cannot be longer than the resolution target',
  path: ['firstResponseHours'],
};

export const SlaRuleCreateRequest = slaRuleFields
  .extend({ isActive: z.boolean().default(true) })
  .refine(firstResponseWithinResolution, firstResponseIssue);
export type SlaRuleCreateRequest = z.input<typeof SlaRuleCreateRequest>;

export const SlaRuleUpdateRequest = slaRuleFields
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Nothing to update' })
  .refine(firstResponseWithinResolution, firstResponseIssue);
export type SlaRuleUpdateRequest = z.input<typeof SlaRuleUpdateRequest>;

export const CatalogListQuery = z.object({
  includeInactive: z
    .enum(['true', 'false', '1', '0'])
    .transform((v) => v === 'true' || v === '1')
    .optional()
    .describe('Admins only: include deactivated entries'),
});

export const CategoryList = z.object({ items: z.array(CategoryResponse), nextCursor: z.null() });
export const PriorityList = z.object({ items: z.array(PriorityResponse), nextCursor: z.null() });
export const SlaRuleList = z.object({ items: z.array(SlaRuleResponse), nextCursor: z.null() });
