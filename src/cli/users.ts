/** `pinflow users …` and `pinflow keys create …`: account administration for headless servers. */
import { createApiKey } from "../apikeys/apikeys.service";
import { AppError } from "../http/errors";
import { systemClock } from "../shared/clock";
import { randomIds } from "../shared/ids";
import type { AdminUserUpdate } from "../users/users.schema";
import { findUserForCli, listUsers, updateUserAsAdmin } from "../users/users.service";
import { type ParsedArgs, UsageError } from "./args";
import { openData, type Runtime } from "./open-data";

async function withData<T>(
  args: ParsedArgs,
  work: (deps: ReturnType<typeof cliDeps>) => Promise<T>,
): Promise<T> {
  const runtime = await openData(args.configFlags);
  try {
    return await work(cliDeps(runtime));
  } catch (err) {
    if (err instanceof AppError) {
      throw new UsageError(
        typeof err.detail === "string" ? err.detail : err.detail.map((d) => d.msg).join("; "),
      );
    }
    throw err;
  } finally {
    await runtime.database.close();
  }
}

const cliDeps = (runtime: Runtime) => ({
  db: runtime.database.db,
  clock: systemClock,
  ids: randomIds,
  log: runtime.log,
});

const USERS_USAGE =
  "usage: pinflow users list | approve USER | suspend USER | set USER [--plan P] [--daily-limit N] [--admin true|false]";

export async function usersCommand(args: ParsedArgs): Promise<void> {
  const [action, who] = args.positionals;
  if (action === "list") {
    const users = await withData(args, (deps) => listUsers(deps));
    if (args.options.json) return void console.log(JSON.stringify(users, null, 2));
    console.log(
      formatTable(
        users.map((u) => ({
          id: u.id,
          username: u.username,
          status: u.status,
          plan: u.plan,
          admin: u.is_admin ? "yes" : "",
          daily_limit: u.daily_pin_limit,
          created: u.created_at,
        })),
      ),
    );
    return;
  }
  if (!who || !["approve", "suspend", "set"].includes(action ?? "")) throw new UsageError(USERS_USAGE);
  const update: AdminUserUpdate =
    action === "approve"
      ? { status: "approved" }
      : action === "suspend"
        ? { status: "suspended" }
        : setOptions(args);
  const user = await withData(args, async (deps) =>
    // The server's operator may do anything, even leave no admin (that is how one gets out of it, too).
    updateUserAsAdmin(deps, (await findUserForCli(deps, who)).id, update, { allowNoAdmin: true }),
  );
  console.log(
    `${user.username}: status ${user.status}, plan ${user.plan}, daily limit ${user.daily_pin_limit}${user.is_admin ? ", admin" : ""}`,
  );
}

function setOptions(args: ParsedArgs): AdminUserUpdate {
  const { plan, admin } = args.options;
  const limit = args.options["daily-limit"];
  const update: AdminUserUpdate = {};
  if (plan !== undefined) update.plan = plan;
  if (limit !== undefined) {
    if (!/^\d+$/.test(limit)) throw new UsageError("--daily-limit takes a whole number");
    update.daily_pin_limit = Number(limit);
  }
  if (admin !== undefined) {
    if (admin !== "true" && admin !== "false") throw new UsageError("--admin takes true or false");
    update.is_admin = admin === "true";
  }
  if (Object.keys(update).length === 0) throw new UsageError(USERS_USAGE);
  return update;
}

export async function keysCommand(args: ParsedArgs): Promise<void> {
  const { user: who, name } = args.options;
  if (args.positionals[0] !== "create" || !who || !name) {
    throw new UsageError("usage: pinflow keys create --user USER --name LABEL");
  }
  const key = await withData(args, async (deps) =>
    createApiKey(deps, (await findUserForCli(deps, who)).id, name),
  );
  console.log(`Created API key "${key.name}" (${key.display_id}) for ${who}.`);
  console.log("Secret (shown once, store it now):");
  console.log(key.secret_key);
}

function formatTable(rows: Array<Record<string, string | number>>): string {
  if (rows.length === 0) return "No users yet: the first person to sign in becomes the admin.";
  const keys = Object.keys(rows[0] as object);
  const width = (k: string) => Math.max(k.length, ...rows.map((r) => String(r[k]).length));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(width(keys[i] as string)))
      .join("  ")
      .trimEnd();
  return [line(keys), ...rows.map((r) => line(keys.map((k) => String(r[k]))))].join("\n");
}
