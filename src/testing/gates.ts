/**
 * Deterministic interleavings for race tests: a gate holds one call (to Pinterest, or one SQL statement)
 * until the test releases it, so "the publisher runs while an edit waits" happens the same way every run,
 * without sleeps or timing.
 */
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  PostgresDialect,
  SqliteDialect,
} from "kysely";
import type { Db, OpenDatabase } from "../db/database";
import type { DB } from "../db/schema";
import type { PinterestClient } from "../pinterest/pinterest.client";

export interface Gate {
  /** Resolves once the held call has arrived at the gate. */
  reached: Promise<void>;
  /** Lets the held call go on. */
  release(): void;
}

function createGate(): Gate & { wait(): Promise<void> } {
  let arrived!: () => void;
  let open!: () => void;
  const reached = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    reached,
    release: open,
    wait: () => {
      arrived();
      return opened;
    },
  };
}

type AsyncMethods<T> = {
  [K in keyof T]: T[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof T];

/** The next call of `method` on this client waits at a gate; later calls pass straight through. */
export function holdNextCall(client: PinterestClient, method: AsyncMethods<PinterestClient>): Gate {
  const gate = createGate();
  const original = client[method] as (...args: unknown[]) => Promise<unknown>;
  let held = false;
  (client as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
    if (!held) {
      held = true;
      await gate.wait();
    }
    return original.apply(client, args);
  };
  return gate;
}

/**
 * A second Kysely over the same database whose first statement matching `match` waits at a gate before it
 * runs. Hand it to the service under test: it has its own connection lock (SQLite) or connections (a
 * PostgreSQL pool's), so everything else (the publisher, on the app's own Kysely) runs freely while the
 * statement is held. Hold only statements outside a transaction, or the transaction's `begin` itself.
 */
export function gatedDb(database: OpenDatabase, match: RegExp): { db: Db; gate: Gate } {
  const gate = createGate();
  let held = false;
  const hold = async (query: CompiledQuery) => {
    if (!held && match.test(query.sql)) {
      held = true;
      await gate.wait();
    }
  };
  const inner =
    database.engine === "sqlite"
      ? new SqliteDialect({
          database: { prepare: (text: string) => database.raw.query(text), close: () => {} } as never,
        })
      : new PostgresDialect({ pool: database.pool });
  // the driver releases (and pg's pool recognises) its own connection object, not the wrapper
  const originals = new WeakMap<DatabaseConnection, DatabaseConnection>();
  const gatedConnection = (c: DatabaseConnection): DatabaseConnection => {
    const wrapped: DatabaseConnection = {
      executeQuery: async (q) => {
        await hold(q);
        return c.executeQuery(q);
      },
      streamQuery: (q, chunk) => c.streamQuery(q, chunk),
    };
    originals.set(wrapped, c);
    return wrapped;
  };
  const original = (c: DatabaseConnection) => originals.get(c) ?? c;
  const dialect: Dialect = {
    createAdapter: () => inner.createAdapter(),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createIntrospector: (db) => inner.createIntrospector(db),
    createDriver: (): Driver => {
      const driver = inner.createDriver();
      return {
        init: () => driver.init(),
        acquireConnection: async () => gatedConnection(await driver.acquireConnection()),
        beginTransaction: (c, settings) => driver.beginTransaction(c, settings),
        commitTransaction: (c) => driver.commitTransaction(c),
        rollbackTransaction: (c) => driver.rollbackTransaction(c),
        releaseConnection: (c) => driver.releaseConnection(original(c)),
        destroy: async () => {},
      };
    },
  };
  return { db: new Kysely<DB>({ dialect }), gate };
}

/**
 * A Pinterest client deadline that fires when the emulator holds a request (a hang, a lost answer, added
 * latency) instead of after real time, so "Pinterest did not answer" is tested without waiting or racing.
 */
export function timeoutWhenHeld(emulator: () => { untilHeld(): Promise<void> } | null) {
  return (_ms: number): AbortSignal => {
    const controller = new AbortController();
    void emulator()
      ?.untilHeld()
      .then(() => controller.abort(new DOMException("The operation timed out.", "TimeoutError")));
    return controller.signal;
  };
}

/**
 * A crash inside the next call of `method`: the call never returns, as if the process died there, and
 * `reached` resolves when it was made. With `afterSending`, the request first goes through (Pinterest did
 * what was asked) and only the answer is lost with the process; without it, nothing reached Pinterest.
 * Later calls go straight through: they stand for the restarted process.
 */
export function crashInNextCall(
  client: PinterestClient,
  method: AsyncMethods<PinterestClient>,
  opts: { afterSending?: boolean } = {},
): { reached: Promise<void> } {
  const original = client[method] as (...args: unknown[]) => Promise<unknown>;
  let arrived!: () => void;
  const reached = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  let crashed = false;
  (client as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
    if (crashed) return original.apply(client, args);
    crashed = true;
    if (opts.afterSending) await original.apply(client, args);
    arrived();
    return new Promise(() => {});
  };
  return { reached };
}
