import { useState } from "preact/hooks";
import type { CollectionDto } from "../../../collections/collections.schema";
import type { PinDto } from "../../../pins/pins.schema";
import { get, getWithTotal, qs } from "../api";
import { withBase } from "../base";
import { BulkBar, Flash, PinLine, useSelection } from "../components/pins";
import { Button, Empty, ErrorText, Loading, PageHeader } from "../components/ui";
import { STATUS_WORDS } from "../format";
import { useLoad } from "../hooks";
import { onPins } from "../live";

const PAGE = 50;

export function PinsPage() {
  const [filter, setFilter] = useState({ status: "", title: "", collection_id: "" });
  const [offset, setOffset] = useState(0);
  const { selected, toggle, clear } = useSelection();
  const [flash, setFlash] = useState<string | null>(null);
  const [total, setTotal] = useState(0);
  const collections = useLoad(() => get<CollectionDto[]>("/collections"), []);
  const pins = useLoad(
    async () => {
      const page = await getWithTotal<PinDto[]>(
        `/pins${qs({ ...filter, limit: PAGE, offset, with_total: "true" })}`,
      );
      setTotal(page.total);
      return page.items;
    },
    [filter.status, filter.title, filter.collection_id, offset],
    { live: onPins },
  );
  const filtered = Boolean(filter.status || filter.title || filter.collection_id);

  const update = (key: keyof typeof filter) => (e: Event) => {
    setOffset(0);
    setFilter({ ...filter, [key]: (e.target as HTMLInputElement).value });
  };

  return (
    <div>
      <PageHeader title="Pins" subtitle={`${total} pin${total === 1 ? "" : "s"}`}>
        {/* the list's filters, as Pinterest's bulk CSV (re-imports unchanged) or as JSON */}
        <a
          class="btn btn-secondary"
          href={withBase(`/pins/export${qs({ ...filter, format: "csv" })}`)}
          download
        >
          Export CSV
        </a>
        <a class="btn btn-ghost" href={withBase(`/pins/export${qs({ ...filter, format: "json" })}`)} download>
          Export JSON
        </a>
        <a class="btn btn-primary" href={withBase("/app/compose")}>
          + New pin
        </a>
      </PageHeader>
      <div class="filters">
        <input
          type="search"
          placeholder="Search titles…"
          aria-label="Search titles"
          value={filter.title}
          onInput={update("title")}
        />
        <select aria-label="Status" value={filter.status} onChange={update("status")}>
          <option value="">Any status</option>
          {Object.entries(STATUS_WORDS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <select aria-label="Collection" value={filter.collection_id} onChange={update("collection_id")}>
          <option value="">Any collection</option>
          {collections.data?.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <Flash message={flash} />
      <BulkBar
        ids={[...selected]}
        onDone={(message) => {
          setFlash(message);
          clear();
          void pins.reload();
        }}
      />
      <ErrorText error={pins.error} />
      {pins.loading && !pins.data ? <Loading /> : null}
      {pins.data?.length === 0 && filtered ? (
        <Empty title="No pins match these filters">
          <p>
            <button
              type="button"
              class="link-button"
              onClick={() => {
                setOffset(0);
                setFilter({ status: "", title: "", collection_id: "" });
              }}
            >
              Clear the filters
            </button>{" "}
            to see every pin.
          </p>
        </Empty>
      ) : null}
      {pins.data?.length === 0 && !filtered ? (
        <Empty title="No pins yet" icon="◉">
          <p>Start with a few images: each one becomes a pin you can queue, schedule or keep as a draft.</p>
          <p>
            <a class="btn btn-primary" href={withBase("/app/compose")}>
              Create your first pin
            </a>
          </p>
        </Empty>
      ) : null}
      <div class="list">
        {pins.data?.map((pin) => (
          <PinLine
            key={pin.id}
            pin={pin}
            selected={selected.has(pin.id)}
            onSelect={(on) => toggle(pin.id, on)}
          />
        ))}
      </div>
      {total > PAGE ? (
        <div class="pager">
          <Button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            ← Newer
          </Button>
          <span>
            {offset + 1}–{Math.min(offset + PAGE, total)} of {total}
          </span>
          <Button disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
            Older →
          </Button>
        </div>
      ) : null}
    </div>
  );
}
