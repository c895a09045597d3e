import type { UserCreateRequest, UserListQuery, UserUpdateRequest } from '@bantu/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { DB } from '@/db/database';
import type { PubSub, UserChangeReason } from '@/infra/pubsub/pubsub';
import { AppError, duplicate, notFound, uniqueViolation } from '@/lib/errors';
import { hashPassword } from '@/lib/password';
import { recordAudit } from '@/modules/audit/audit.service';
import { revokeAllRefreshTokens } from '@/modules/auth/auth.repository';
import * as repo from './users.repository';

type CreateInput = Omit<UserCreateRequest, 'role'> & { role: NonNullable<UserCreateRequest['role']> };
type UpdateInput = UserUpdateRequest;

export function usersService(db: DB, live: { pubsub: PubSub; log: FastifyBaseLogger }) {
  /**
   * Tells every API process, once the change has committed, to close the user's live-update
   * sockets. A lost message (Redis down) is logged; the sockets re-check the account by
   * themselves within seconds (realtime.routes.ts), so the request does not fail for it.
   */
  const userChanged = (userId: string, reason: UserChangeReason) => {
    live.pubsub.publish({ kind: 'user', userId, reason }).catch((error: unknown) => {
      live.log.warn({ err: error, userId, reason }, 'could not tell open sockets about a user change');
    });
  };

  return {
    async list(query: Omit<UserListQuery, 'status'> & { limit: number; status?: boolean }) {
      const page = await repo.listUsers(db, query);
      return { items: page.items.map(repo.toUserResponse), nextCursor: page.nextCursor };
    },

    lookup(q: string, limit: number) {
      return repo.lookupActiveUsers(db, q, limit);
    },

    async get(id: string) {
      const user = await repo.findUserById(db, id);
      if (!user) throw notFound('User');
      return repo.toUserResponse(user);
    },

    async create(input: CreateInput, actorId: string | null = null) {
      const passwordHash = await hashPassword(input.password);
      try {
        const user = await db.transaction().execute(async (trx) => {
          const row = await repo.insertUser(trx, {
            name: input.name,
            email: input.email,
            password_hash: passwordHash,
            division: input.division ?? null,
            role: input.role,
            phone: input.phone ?? null,
            locale: input.locale ?? 'id',
          });
          await recordAudit(trx, {
            action: 'user.created',
            actorId,
            targetType: 'user',
            targetId: row.id,
            after: { email: row.email, role: row.role, division: row.division },
          });
          return row;
        });
        return repo.toUserResponse(user);
      } catch (error) {
        if (uniqueViolation(error) !== null) throw duplicate('email', 'A user with this e-mail already exists');
        throw error;
      }
    },

    /** Admin edit. Deactivation and role changes end the user's sessions at once. */
    async update(actorId: string, id: string, changes: UpdateInput) {
      try {
        const result = await db.transaction().execute(async (trx) => {
          const current = await repo.lockUser(trx, id);
          if (!current) throw notFound('User');
          const losesAdmin =
            current.role === 'admin' &&
            current.status &&
            ((changes.role !== undefined && changes.role !== 'admin') || changes.status === false);
          if (losesAdmin) {
            if (id === actorId) {
              throw new AppError('CONFLICT', 'You cannot remove your own admin access or deactivate yourself');
            }
            if ((await repo.countActiveAdmins(trx)) <= 1) {
              throw new AppError('CONFLICT', 'At least one active admin must remain');
            }
          }
          const updated = await repo.updateUser(trx, id, {
            name: changes.name,
            email: changes.email,
            division: changes.division,
            role: changes.role,
            status: changes.status,
            phone: changes.phone,
            locale: changes.locale,
          });
          if (!updated) throw notFound('User');
          const roleChanged = changes.role !== undefined && changes.role !== current.role;
          const deactivated = changes.status === false && current.status;
          if (roleChanged) {
            await recordAudit(trx, {
              action: 'user.role_changed',
              actorId,
              targetType: 'user',
              targetId: id,
              before: { role: current.role },
              after: { role: updated.role },
            });
          }
          if (changes.status !== undefined && changes.status !== current.status) {
            await recordAudit(trx, {
              action: 'user.status_changed',
              actorId,
              targetType: 'user',
              targetId: id,
              before: { status: current.status },
              after: { status: updated.status },
            });
          }
          if (changes.status === false || roleChanged) await revokeAllRefreshTokens(trx, id);
          return {
            user: repo.toUserResponse(updated),
            change: deactivated ? ('deactivated' as const) : roleChanged ? ('role_changed' as const) : null,
          };
        });
        if (result.change) userChanged(id, result.change);
        return result.user;
      } catch (error) {
        if (uniqueViolation(error) !== null) throw duplicate('email', 'A user with this e-mail already exists');
        throw error;
      }
    },

    /** An admin sets a password: the user must choose their own at the next sign-in. */
    async resetPassword(id: string, password: string, actorId: string | null = null) {
      const passwordHash = await hashPassword(password);
      await db.transaction().execute(async (trx) => {
        const updated = await repo.updateUser(trx, id, { password_hash: passwordHash, must_change_password: true });
        if (!updated) throw notFound('User');
        await revokeAllRefreshTokens(trx, id);
        await recordAudit(trx, { action: 'user.password_reset_by_admin', actorId, targetType: 'user', targetId: id });
      });
      userChanged(id, 'sessions_revoked');
    },
  };
}
export type UsersService = ReturnType<typeof usersService>;
