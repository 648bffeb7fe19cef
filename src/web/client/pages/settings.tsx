import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import type { ApiKeyDto, CreatedApiKeyDto } from "../../../apikeys/apikeys.schema";
import type { MeDto } from "../../../auth/auth.schema";
import { del, get, patch, post, put } from "../api";
import { withBase } from "../base";
import { Button, ErrorText, Field, Loading, Notice, PageHeader, Tabs } from "../components/ui";
import { formatTime } from "../format";
import { useAction, useLoad } from "../hooks";
import { useSession } from "../session";

function ApiKeys() {
  const { me } = useSession();
  const keys = useLoad(() => get<ApiKeyDto[]>("/api-keys"), []);
  const [name, setName] = useState("");
  const [created, setCreated] = useState<CreatedApiKeyDto | null>(null);
  const [copied, setCopied] = useState<"no" | "yes" | "manual">("no");
  const secretRef = useRef<HTMLInputElement>(null);
  const action = useAction();
  const t = (iso: string | null) =>
    iso ? formatTime(iso, me?.timezone ?? "UTC", { withYear: true }) : "never";
  // A new key: focus goes to it, selected, ready to copy.
  useEffect(() => {
    if (created) requestAnimationFrame(() => secretRef.current?.focus());
  }, [created?.id]);
  /**
   * The Clipboard API exists only in secure contexts (https, localhost): over plain http on a LAN name
   * (http://pinflow.lan:8080) it is missing. Then the secret is selected and the person copies it.
   */
  const copySecret = async (secret: string) => {
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(secret);
        setCopied("yes");
        return;
      } catch {
        // refused (permissions): fall back to selecting it
      }
    }
    secretRef.current?.focus();
    secretRef.current?.select();
    setCopied("manual");
  };
  return (
    <div>
      <p>
        Scripts and automations (n8n, Zapier…) call the API with a key in the{" "}
        <code>Authorization: Bearer</code> header. See the <a href={withBase("/docs")}>API reference</a>. Up
        to 10 keys can be active.
      </p>
      <form
        class="card inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(async () => {
            setCreated(await post<CreatedApiKeyDto>("/api-keys", { name }));
            setCopied("no");
            setName("");
            await keys.reload();
          });
        }}
      >
        <Field label="Key name" id="key-name" hint='A label to recognise it, e.g. "n8n" or "Zapier".'>
          <div class="row">
            <input
              id="key-name"
              value={name}
              maxLength={100}
              onInput={(e) => setName((e.target as HTMLInputElement).value)}
            />
            <Button type="submit" variant="primary" busy={action.busy} disabled={!name.trim()}>
              Generate Key
            </Button>
          </div>
        </Field>
        <ErrorText error={action.error} />
      </form>
      {created ? (
        <Notice kind="warn">
          <p>
            <strong>Copy your secret key now.</strong> It is shown only once and cannot be retrieved again.
          </p>
          <div class="secret-row">
            <input
              ref={secretRef}
              class="secret"
              data-testid="secret-key"
              readOnly
              value={created.secret_key}
              aria-label="Your new secret key"
              onFocus={(e) => (e.target as HTMLInputElement).select()}
            />
            <Button onClick={() => void copySecret(created.secret_key)}>
              {copied === "yes" ? "Copied ✓" : "Copy"}
            </Button>
          </div>
          {copied === "manual" ? (
            <p class="copy-hint" role="status">
              The key is selected: press <kbd>Ctrl</kbd>+<kbd>C</kbd> (<kbd>⌘</kbd>+<kbd>C</kbd> on a Mac) to
              copy it. This browser only lets pages copy for you over https.
            </p>
          ) : null}
        </Notice>
      ) : null}
      {keys.loading && !keys.data ? <Loading /> : null}
      {keys.data?.length === 0 ? (
        <p class="muted">No API keys yet. Name one above for the script or tool that will use it.</p>
      ) : null}
      {keys.data?.length ? (
        <table class="table responsive">
          <thead>
            <tr>
              <th>Name</th>
              <th>Key id</th>
              <th>Last used</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keys.data?.map((k) => (
              <tr key={k.id} data-key={k.name}>
                <td data-label="Name">{k.name}</td>
                <td data-label="Key id">
                  <code>{k.display_id}</code>
                </td>
                <td data-label="Last used">{t(k.last_used_at)}</td>
                <td data-label="Status">
                  <span class={`chip ${k.is_active ? "chip-published" : "chip-draft"}`}>
                    {k.is_active ? "Active" : "Disabled"}
                  </span>
                </td>
                <td data-label="" data-actions class="row">
                  <Button
                    onClick={() =>
                      void action.run(async () => {
                        await patch(`/api-keys/${k.id}/toggle`);
                        await keys.reload();
                      })
                    }
                  >
                    {k.is_active ? "Disable" : "Enable"}
                  </Button>
                  <Button
                    variant="danger"
                    onClick={() => {
                      if (confirm(`Revoke the key "${k.name}"? Scripts using it stop working at once.`)) {
                        void action.run(async () => {
                          await del(`/api-keys/${k.id}`);
                          // A revoked key's secret is no use: stop showing it.
                          if (created?.id === k.id) setCreated(null);
                          await keys.reload();
                        });
                      }
                    }}
                  >
                    Revoke
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

function Account() {
  const { me, refresh } = useSession();
  const [zone, setZone] = useState(me?.timezone ?? "UTC");
  const [saved, setSaved] = useState(false);
  const action = useAction();
  const zones = Intl.supportedValuesOf("timeZone");
  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault();
        void action.run(async () => {
          await put<MeDto>("/auth/me", { timezone: zone });
          await refresh();
          setSaved(true);
        });
      }}
    >
      <Field
        label="Time zone"
        id="timezone"
        hint="Schedules and the calendar use it. Times are stored in UTC."
      >
        <select
          id="timezone"
          value={zone}
          onChange={(e) => {
            setZone((e.target as HTMLSelectElement).value);
            setSaved(false);
          }}
        >
          {["UTC", ...zones.filter((z) => z !== "UTC")].map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </Field>
      <dl class="fields">
        <dt>Plan</dt>
        <dd>{me?.plan}</dd>
        <dt>Daily pin limit</dt>
        <dd>{me?.daily_pin_limit}</dd>
      </dl>
      <ErrorText error={action.error} />
      {saved ? <Notice kind="success">Saved.</Notice> : null}
      <Button type="submit" variant="primary" busy={action.busy}>
        Save
      </Button>
    </form>
  );
}

function ConnectedAccounts() {
  const { profiles, selectProfile, refresh } = useSession();
  const action = useAction();
  return (
    <div>
      <ErrorText error={action.error} />
      <div class="list">
        {profiles.map((p) => (
          <div class="card webhook-line" key={p.id}>
            <div>
              <strong>@{p.pinterest_username}</strong>{" "}
              {p.is_selected ? <span class="chip chip-scheduled">selected</span> : null}
              {p.needs_reconnect ? (
                <div class="warn-text small">Needs reconnecting: {p.reconnect_reason}</div>
              ) : null}
              <div class="muted small">{p.account_type ?? ""}</div>
            </div>
            {!p.is_selected ? (
              <Button onClick={() => void action.run(() => selectProfile(p.id))}>Select</Button>
            ) : null}
            {p.needs_reconnect ? (
              <a class="btn btn-primary" href={withBase("/auth/login?connect=1")}>
                Reconnect
              </a>
            ) : null}
            <Button
              variant="danger"
              onClick={() =>
                void action.run(async () => {
                  try {
                    await del(`/profiles/${p.id}`);
                  } catch (err) {
                    if (!confirm(`${(err as Error).message}\n\nDisconnect anyway?`)) return;
                    await del(`/profiles/${p.id}?force=true`);
                  }
                  await refresh();
                })
              }
            >
              Disconnect
            </Button>
          </div>
        ))}
      </div>
      <a class="btn btn-secondary" href={withBase("/auth/login?connect=1")}>
        + Connect another Pinterest account
      </a>
    </div>
  );
}

export function SettingsPage() {
  const { query, route } = useLocation();
  const tab = query.tab ?? "api-keys";
  return (
    <div>
      <PageHeader title="Settings" />
      <Tabs
        tabs={[
          { id: "api-keys", label: "API Keys" },
          { id: "account", label: "Account" },
          { id: "accounts", label: "Connected accounts" },
        ]}
        active={tab}
        onChange={(id) => route(`/app/settings?tab=${id}`, true)}
      />
      <div role="tabpanel" aria-labelledby={`tab-${tab}`}>
        {tab === "api-keys" ? <ApiKeys /> : tab === "account" ? <Account /> : <ConnectedAccounts />}
      </div>
    </div>
  );
}
