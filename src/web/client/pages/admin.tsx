import { useState } from "preact/hooks";
import type { AdminUserDto, JobDto } from "../../../admin/admin.schema";
import type { PlanDto } from "../../../plans/plans.schema";
import { get, post, put } from "../api";
import { Button, ErrorText, Loading, PageHeader, Tabs } from "../components/ui";
import { formatTime } from "../format";
import { useAction, useLoad } from "../hooks";
import { useSession } from "../session";

function Users() {
  const users = useLoad(() => get<AdminUserDto[]>("/admin/users"), []);
  const plans = useLoad(() => get<PlanDto[]>("/admin/plans"), []);
  const action = useAction();
  const change = (id: number, body: Record<string, unknown>) =>
    action.run(async () => {
      const updated = await put<AdminUserDto>(`/admin/users/${id}`, body);
      users.setData((list) => (list ?? []).map((u) => (u.id === id ? updated : u)));
    });
  if (!users.data) return <Loading />;
  return (
    <>
      <ErrorText error={action.error ?? users.error} />
      <table class="table responsive">
        <thead>
          <tr>
            <th>User</th>
            <th>Status</th>
            <th>Plan</th>
            <th>Daily limit</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {users.data.map((u) => (
            <tr key={u.id} data-user={u.username}>
              <td data-label="User">
                <strong>@{u.username}</strong>{" "}
                {u.is_admin ? <span class="chip chip-scheduled">admin</span> : null}
                <div class="muted small">since {u.created_at.slice(0, 10)}</div>
              </td>
              <td data-label="Status">
                <span
                  class={`chip chip-${u.status === "approved" ? "published" : u.status === "pending" ? "review" : "failed"}`}
                >
                  {u.status}
                </span>
                {u.pins_waiting > 0 ? (
                  <div class="muted small">
                    {u.pins_waiting} pin{u.pins_waiting === 1 ? "" : "s"}{" "}
                    {u.status === "approved" ? "to publish" : "held until approved"}
                  </div>
                ) : null}
              </td>
              <td data-label="Plan">
                <select
                  aria-label={`Plan of ${u.username}`}
                  value={u.plan}
                  onChange={(e) => void change(u.id, { plan: (e.target as HTMLSelectElement).value })}
                >
                  {plans.data?.map((p) => (
                    <option key={p.name} value={p.name}>
                      {p.name}
                    </option>
                  ))}
                </select>
              </td>
              <td data-label="Daily limit">
                <input
                  type="number"
                  min={0}
                  class="narrow"
                  aria-label={`Daily pin limit of ${u.username}`}
                  value={u.daily_pin_limit}
                  onChange={(e) =>
                    void change(u.id, { daily_pin_limit: Number((e.target as HTMLInputElement).value) })
                  }
                />
              </td>
              <td data-label="" data-actions class="row">
                {u.status !== "approved" ? (
                  <Button variant="primary" onClick={() => void change(u.id, { status: "approved" })}>
                    Approve
                  </Button>
                ) : null}
                {u.status !== "suspended" ? (
                  <Button variant="danger" onClick={() => void change(u.id, { status: "suspended" })}>
                    Suspend
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Plans() {
  const plans = useLoad(() => get<PlanDto[]>("/admin/plans"), []);
  const action = useAction();
  const change = (name: string, body: Partial<PlanDto>) =>
    void action.run(async () => {
      await put(`/admin/plans/${name}`, body);
      await plans.reload();
    });
  if (!plans.data) return <Loading />;
  return (
    <>
      <ErrorText error={action.error} />
      <table class="table responsive">
        <thead>
          <tr>
            <th>Plan</th>
            <th>Pins per month</th>
            <th>Bulk creation</th>
          </tr>
        </thead>
        <tbody>
          {plans.data.map((p) => (
            <tr key={p.name}>
              <td data-label="Plan">
                <strong>{p.name}</strong>
              </td>
              <td data-label="Pins per month">
                <input
                  type="number"
                  min={0}
                  class="narrow"
                  placeholder="unlimited"
                  aria-label={`Monthly limit of ${p.name}`}
                  value={p.monthly_pin_limit ?? ""}
                  onChange={(e) => {
                    const v = (e.target as HTMLInputElement).value;
                    change(p.name, { monthly_pin_limit: v === "" ? null : Number(v) });
                  }}
                />
              </td>
              <td data-label="Bulk creation">
                <input
                  type="checkbox"
                  aria-label={`Bulk creation on ${p.name}`}
                  checked={p.bulk_allowed}
                  onChange={(e) => change(p.name, { bulk_allowed: (e.target as HTMLInputElement).checked })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Jobs() {
  const { me } = useSession();
  const jobs = useLoad(() => get<JobDto[]>("/admin/jobs"), []);
  const action = useAction();
  const t = (iso: string | null) => formatTime(iso, me?.timezone ?? "UTC");
  if (!jobs.data) return <Loading />;
  return (
    <>
      <ErrorText error={action.error} />
      <table class="table responsive">
        <thead>
          <tr>
            <th>Job</th>
            <th>Schedule</th>
            <th>Last run</th>
            <th class="num">Took</th>
            <th>Last error</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {jobs.data.map((j) => (
            <tr key={j.name}>
              <td data-label="Job">
                <strong>{j.name}</strong>
                <div class="muted small">{j.description}</div>
              </td>
              <td data-label="Schedule">{j.schedule}</td>
              <td data-label="Last run">{t(j.last_started_at)}</td>
              <td data-label="Took" class="num">
                {j.last_duration_ms === null ? "—" : `${j.last_duration_ms} ms`}
              </td>
              <td data-label="Last error" class={j.last_error ? "error-text" : ""}>
                {j.last_error ?? "—"}
              </td>
              <td data-label="" data-actions>
                <Button
                  busy={action.busy}
                  onClick={() =>
                    void action.run(async () => {
                      await post(`/admin/jobs/${j.name}/run`);
                      await jobs.reload();
                    })
                  }
                >
                  Run now
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function AdminPage() {
  const { me } = useSession();
  const [tab, setTab] = useState("users");
  if (!me?.is_admin) return <ErrorText error="Admin access required" />;
  return (
    <div>
      <PageHeader title="Admin" subtitle="Users, plans and the scheduler of this PinFlow." />
      <Tabs
        tabs={[
          { id: "users", label: "Users" },
          { id: "plans", label: "Plans" },
          { id: "jobs", label: "Scheduler jobs" },
        ]}
        active={tab}
        onChange={setTab}
      />
      <div role="tabpanel" aria-labelledby={`tab-${tab}`}>
        {tab === "users" ? <Users /> : tab === "plans" ? <Plans /> : <Jobs />}
      </div>
    </div>
  );
}
