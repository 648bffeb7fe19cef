import { useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import type { DeliveryDto, WebhookDto } from "../../../webhooks/webhooks.schema";
import { del, get, post, put, qs } from "../api";
import { withBase } from "../base";
import { Flash } from "../components/pins";
import { Button, Empty, ErrorText, Field, fieldAria, Loading, PageHeader } from "../components/ui";
import { formatTime } from "../format";
import { useAction, useLoad } from "../hooks";
import { useSession } from "../session";

const EVENTS = ["pin.created", "pin.scheduled", "pin.published", "pin.failed"] as const;

function Deliveries(props: { webhook: WebhookDto }) {
  const { me } = useSession();
  const log = useLoad(
    () => get<DeliveryDto[]>(`/webhooks/${props.webhook.id}/deliveries`),
    [props.webhook.id],
  );
  const action = useAction();
  const t = (iso: string | null) => formatTime(iso, me?.timezone ?? "UTC");
  return (
    <section class="section">
      <h2>Delivery log</h2>
      <ErrorText error={log.error ?? action.error} />
      {log.data?.length === 0 ? (
        <p class="muted">Nothing sent yet. “Send test” above sends one now.</p>
      ) : null}
      <table class="table responsive">
        <thead>
          <tr>
            <th>Event</th>
            <th>Status</th>
            <th class="num">Attempts</th>
            <th>Last answer</th>
            <th>When</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {log.data?.map((d) => (
            <tr key={d.id}>
              <td data-label="Event">
                {d.event}
                <div class="muted small">{d.message_id}</div>
              </td>
              <td data-label="Status">
                <span
                  class={`chip chip-${d.status === "delivered" ? "published" : d.status === "failed" ? "failed" : "queued"}`}
                >
                  {d.status}
                </span>
              </td>
              <td data-label="Attempts" class="num">
                {d.attempts}
              </td>
              <td data-label="Last answer">
                {d.last_error ?? (d.last_status_code ? `HTTP ${d.last_status_code}` : "—")}
              </td>
              <td data-label="When">
                {d.delivered_at
                  ? `delivered ${t(d.delivered_at)}`
                  : d.next_attempt_at && d.status === "pending"
                    ? `next try ${t(d.next_attempt_at)}`
                    : t(d.last_attempt_at)}
              </td>
              <td data-label="" data-actions>
                <Button
                  variant="ghost"
                  onClick={() =>
                    void action.run(async () => {
                      await post(`/webhooks/${props.webhook.id}/deliveries/${d.id}/redeliver`);
                      await log.reload();
                    })
                  }
                >
                  Redeliver
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function WebhookDetail(props: { id: number }) {
  const hook = useLoad(() => get<WebhookDto>(`/webhooks/${props.id}`), [props.id]);
  const action = useAction();
  const [flash, setFlash] = useState<string | null>(null);
  const [logKey, setLogKey] = useState(0);
  if (hook.error) return <ErrorText error={hook.error} />;
  if (!hook.data) return <Loading />;
  const w = hook.data;
  return (
    <div>
      <PageHeader title={w.event} subtitle={w.url}>
        <a class="btn btn-ghost" href={withBase("/app/webhooks")}>
          ← All webhooks
        </a>
        <Button
          busy={action.busy}
          onClick={() =>
            void action.run(async () => {
              const d = await post<DeliveryDto>(`/webhooks/${w.id}/test`);
              setFlash(
                d.status === "delivered"
                  ? `Test delivered (HTTP ${d.last_status_code}).`
                  : `Test not delivered: ${d.last_error}.`,
              );
              setLogKey(logKey + 1);
            })
          }
        >
          Send test
        </Button>
      </PageHeader>
      {w.paused_reason ? <p class="warn-text">{w.paused_reason}</p> : null}
      <Flash message={flash} />
      <ErrorText error={action.error} />
      <Deliveries key={logKey} webhook={w} />
    </div>
  );
}

export function WebhooksPage() {
  const { params } = useRoute();
  const { selected } = useSession();
  const list = useLoad(
    () => get<WebhookDto[]>(`/webhooks${qs({ profile_id: selected?.id })}`),
    [selected?.id],
  );
  const [form, setForm] = useState({ url: "", event: "pin.published", secret: "" });
  const action = useAction();
  if (params.id) return <WebhookDetail id={Number(params.id)} />;
  const create = () =>
    action.run(async () => {
      await post("/webhooks", {
        url: form.url,
        event: form.event,
        ...(form.secret ? { secret: form.secret } : {}),
      });
      setForm({ ...form, url: "", secret: "" });
      await list.reload();
    });
  return (
    <div>
      <PageHeader
        title="Webhooks"
        subtitle={`PinFlow POSTs a signed JSON event to your URL (n8n, Zapier, Make, Slack…) for @${selected?.pinterest_username ?? "this account"}.`}
      />
      <form
        class="card webhook-form"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <Field label="URL" id="hook-url" error={action.error?.fields.url}>
          <input
            {...fieldAria("hook-url", action.error?.fields.url)}
            type="url"
            required
            placeholder="https://your-server.com/hooks/pinflow"
            value={form.url}
            onInput={(e) => {
              setForm({ ...form, url: (e.target as HTMLInputElement).value });
              if (action.error) action.setError(null);
            }}
          />
        </Field>
        <Field label="Event" id="hook-event">
          <select
            id="hook-event"
            value={form.event}
            onChange={(e) => setForm({ ...form, event: (e.target as HTMLSelectElement).value })}
          >
            {EVENTS.map((ev) => (
              <option key={ev} value={ev}>
                {ev}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Secret (optional)"
          id="hook-secret"
          hint="Deliveries carry X-Webhook-Signature: sha256=HMAC of the body with this secret."
        >
          <input
            id="hook-secret"
            value={form.secret}
            autoComplete="off"
            onInput={(e) => setForm({ ...form, secret: (e.target as HTMLInputElement).value })}
          />
        </Field>
        <ErrorText error={action.error && !action.error.fields.url ? action.error : null} />
        <Button type="submit" variant="primary" busy={action.busy} disabled={!form.url}>
          Add webhook
        </Button>
      </form>
      <ErrorText error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data?.length === 0 ? (
        <Empty title="No webhooks yet" icon="↯">
          <p>
            Add the address of your n8n, Zapier, Make or Slack workflow above and pick an event —
            “pin.published” is a good first one. Then press “Send test” on it.
          </p>
        </Empty>
      ) : null}
      <div class="list">
        {list.data?.map((w) => (
          <div key={w.id} class="card webhook-line">
            <div>
              <a href={withBase(`/app/webhooks/${w.id}`)}>
                <strong>{w.event}</strong>
              </a>
              <div class="muted break">{w.url}</div>
              {w.paused_reason ? <div class="warn-text small">{w.paused_reason}</div> : null}
            </div>
            <span class={`chip ${w.is_active ? "chip-published" : "chip-draft"}`}>
              {w.is_active ? "Active" : "Paused"}
            </span>
            <Button
              onClick={() =>
                void action.run(async () => {
                  await put(`/webhooks/${w.id}`, { is_active: !w.is_active });
                  await list.reload();
                })
              }
            >
              {w.is_active ? "Pause" : "Resume"}
            </Button>
            <Button
              variant="danger"
              onClick={() => {
                if (confirm("Delete this webhook and its delivery log?"))
                  void action.run(async () => {
                    await del(`/webhooks/${w.id}`);
                    await list.reload();
                  });
              }}
            >
              Delete
            </Button>
          </div>
        ))}
      </div>
    </div>
  );
}
