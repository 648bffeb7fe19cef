import { useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import type { CollectionDetailDto, CollectionDto } from "../../../collections/collections.schema";
import type { PinDto } from "../../../pins/pins.schema";
import { del, get, post, put } from "../api";
import { withBase } from "../base";
import { PinLine } from "../components/pins";
import { Button, Empty, ErrorText, Field, Loading, PageHeader } from "../components/ui";
import { useAction, useLoad } from "../hooks";

function CollectionDetail(props: { id: number }) {
  const { route } = useLocation();
  const detail = useLoad(() => get<CollectionDetailDto>(`/collections/${props.id}`), [props.id]);
  const pins = useLoad(() => get<PinDto[]>(`/pins?collection_id=${props.id}&limit=1000`), [props.id]);
  const [name, setName] = useState<string | null>(null);
  const action = useAction();
  if (detail.error) return <ErrorText error={detail.error} />;
  if (!detail.data) return <Loading />;
  const c = detail.data;
  return (
    <div>
      <PageHeader title={c.name} subtitle={`${c.pin_count} pin${c.pin_count === 1 ? "" : "s"}`}>
        <a class="btn btn-ghost" href={withBase("/app/collections")}>
          ← All collections
        </a>
        <Button
          variant="danger"
          onClick={() => {
            if (confirm(`Delete the collection "${c.name}"? Its pins are kept.`)) {
              void action.run(async () => {
                await del(`/collections/${c.id}`);
                await route("/app/collections");
              });
            }
          }}
        >
          Delete collection
        </Button>
      </PageHeader>
      <form
        class="row inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (name !== null)
            void action.run(async () => {
              await put(`/collections/${c.id}`, { name });
              setName(null);
              await detail.reload();
            });
        }}
      >
        <label for="rename" class="sr-only">
          New name
        </label>
        <input
          id="rename"
          value={name ?? c.name}
          maxLength={128}
          onInput={(e) => setName((e.target as HTMLInputElement).value)}
        />
        <Button type="submit" busy={action.busy} disabled={name === null}>
          Rename
        </Button>
      </form>
      <ErrorText error={action.error ?? pins.error} />
      <div class="list">
        {pins.data?.map((pin) => (
          <PinLine
            key={pin.id}
            pin={pin}
            extra={
              <Button
                variant="ghost"
                onClick={() =>
                  void action.run(async () => {
                    await del(`/collections/${c.id}/pins/${pin.id}`);
                    await pins.reload();
                    await detail.reload();
                  })
                }
              >
                Remove
              </Button>
            }
          />
        ))}
      </div>
      {pins.data?.length === 0 ? (
        <Empty title="No pins in this collection yet">
          <p>Add pins from the Pins page or a pin's page.</p>
        </Empty>
      ) : null}
    </div>
  );
}

export function CollectionsPage() {
  const { params } = useRoute();
  const list = useLoad(() => get<CollectionDto[]>("/collections"), []);
  const [name, setName] = useState("");
  const action = useAction();
  if (params.id) return <CollectionDetail id={Number(params.id)} />;
  return (
    <div>
      <PageHeader
        title="Collections"
        subtitle="Your own groupings of pins — by campaign, season or theme. They are not Pinterest boards."
      />
      <form
        class="card inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(async () => {
            await post("/collections", { name });
            setName("");
            await list.reload();
          });
        }}
      >
        <Field
          label="New collection"
          id="collection-name"
          error={action.error?.fields.name ?? action.error?.message}
        >
          <div class="row">
            <input
              id="collection-name"
              value={name}
              maxLength={128}
              placeholder="Summer Campaign"
              onInput={(e) => setName((e.target as HTMLInputElement).value)}
            />
            <Button type="submit" variant="primary" busy={action.busy} disabled={!name.trim()}>
              Create
            </Button>
          </div>
        </Field>
      </form>
      <ErrorText error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data?.length === 0 ? (
        <Empty title="No collections yet" icon="❏">
          <p>
            Name one above — “Summer campaign”, “Holiday baking” — then add pins to it from the Pins page or a
            pin's page.
          </p>
        </Empty>
      ) : null}
      <div class="grid-cards">
        {list.data?.map((c) => (
          <a key={c.id} href={withBase(`/app/collections/${c.id}`)} class="card collection-card">
            <strong>{c.name}</strong>
            <span class="muted">
              {c.pin_count} pin{c.pin_count === 1 ? "" : "s"}
            </span>
          </a>
        ))}
      </div>
    </div>
  );
}
