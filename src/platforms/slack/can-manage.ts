import type { webApi } from "@slack/bolt";
import type { Logger } from "pino";

export interface ManagerPolicy {
  /** `everyone`, or only workspace admins/owners and the listed user ids (config slack.managers). */
  managers: "everyone" | "admins";
  managerIds: readonly string[];
}

/** How long a users.info answer is trusted: an admin demoted mid-session loses rights soon. */
const CACHE_MS = 5 * 60_000;

/**
 * Decides `canManage` for a Slack user. Admin status comes from users.info
 * (`is_admin`, `is_owner`, `is_primary_owner`; needs users:read). If Slack
 * cannot tell us, the answer is no: changing subscriptions is the privileged
 * path, and the person can retry.
 */
export function createCanManage(
  client: webApi.WebClient,
  policy: ManagerPolicy,
  logger: Logger,
): (userId: string) => Promise<boolean> {
  const cache = new Map<string, { admin: boolean; at: number }>();
  return async (userId) => {
    if (policy.managers === "everyone" || policy.managerIds.includes(userId)) return true;
    const cached = cache.get(userId);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.admin;
    try {
      const result = await client.users.info({ user: userId });
      const user = result.user;
      const admin = Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner);
      cache.set(userId, { admin, at: Date.now() });
      return admin;
    } catch (err) {
      logger.warn(
        { err, user_id: userId },
        "slack: users.info failed; treating user as not a manager",
      );
      return false;
    }
  };
}
