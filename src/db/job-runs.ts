/**
 * Jobs that must run once per interval across every process sharing a PostgreSQL database (migration 0009,
 * job_runs). A process runs a job only when it takes the job's row: last_run_at at least `minGapMs` old (half
 * the job's interval, so clocks a little apart on two machines still agree on whose turn it is) and no run
 * holding its lease. The lease is cleared when the run ends; a run whose process died frees it when it runs
 * out. One statement, an upsert whose update is conditional: of several processes firing together, one wins.
 */
import { sql } from "kysely";
import type { Db } from "./database";

export async function claimJobRun(
  db: Db,
  job: { name: string; now: number; minGapMs: number; leaseMs: number; instance: string },
): Promise<boolean> {
  const result = await sql<{ name: string }>`
    INSERT INTO job_runs (name, last_run_at, running_until, instance)
    VALUES (${job.name}, ${job.now}, ${job.now + job.leaseMs}, ${job.instance})
    ON CONFLICT (name) DO UPDATE
      SET last_run_at = excluded.last_run_at, running_until = excluded.running_until, instance = excluded.instance
      WHERE job_runs.last_run_at <= ${job.now - job.minGapMs}
        AND (job_runs.running_until IS NULL OR job_runs.running_until < ${job.now})
    RETURNING name`.execute(db);
  return result.rows.length === 1;
}

/** The run is over: the next interval's run may start (anywhere) without waiting for the lease. */
export async function finishJobRun(db: Db, name: string, instance: string): Promise<void> {
  await sql`UPDATE job_runs SET running_until = NULL WHERE name = ${name} AND instance = ${instance}`.execute(
    db,
  );
}
