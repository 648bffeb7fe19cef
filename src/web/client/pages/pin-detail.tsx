import { useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import type { PinDto } from "../../../pins/pins.schema";
import { del, get, post, put } from "../api";
import { useBoardName } from "../boards";
import { PinChart } from "../components/pin-chart";
import { PinPicture } from "../components/pin-media";
import { CollectionPicker, Flash } from "../components/pins";
import { StandardAccessLink } from "../components/standard-access";
import { Button, ErrorText, Loading, PageHeader, StatusChip } from "../components/ui";
import { formatTime, httpHref } from "../format";
import { useAction, useLoad } from "../hooks";
import { useSession } from "../session";

function BoardName(props: { profileId: number; boardId: string }) {
  const name = useBoardName(props.profileId, props.boardId);
  return (
    <>
      {name} <span class="muted small">({props.boardId})</span>
    </>
  );
}

/** The pin's story so far, told from what PinFlow knows about it. */
function history(pin: PinDto, t: (iso: string | null) => string): string[] {
  const lines = [`Created ${t(pin.created_at)}.`];
  if (pin.status === "draft")
    lines.push("Saved as a draft: it will not publish until you queue or schedule it.");
  if (pin.status === "review")
    lines.push(`Held for review: ${pin.error_message ?? "check it before queuing"}.`);
  if (pin.status === "queued") lines.push(`Waiting in the queue at position ${pin.sort_order + 1}.`);
  if (pin.status === "scheduled") lines.push(`Scheduled to publish ${t(pin.scheduled_at)}.`);
  if (pin.retry_count > 0 && pin.status !== "failed") {
    lines.push(
      `Pinterest failed ${pin.retry_count} time${pin.retry_count === 1 ? "" : "s"}; PinFlow will try again (last error: ${pin.error_message}).`,
    );
  }
  if (pin.video_status === "uploaded" && pin.status !== "published" && pin.status !== "failed")
    lines.push(
      "The video is uploaded; Pinterest is processing it, and the pin is created once that is done.",
    );
  if (pin.status === "publishing") lines.push("Being sent to Pinterest right now.");
  if (pin.status === "published") lines.push(`Published on Pinterest ${t(pin.published_at)}.`);
  if (pin.status === "failed")
    lines.push(`Failed after ${pin.retry_count} attempt${pin.retry_count === 1 ? "" : "s"}.`);
  return lines;
}

export function PinDetailPage() {
  const { params } = useRoute();
  const { route } = useLocation();
  const { me, mode } = useSession();
  const id = Number(params.id);
  const pin = useLoad(() => get<PinDto>(`/pins/${id}`), [id]);
  const action = useAction();
  const [flash, setFlash] = useState<string | null>(null);
  const t = (iso: string | null) => formatTime(iso, me?.timezone ?? "UTC", { withYear: true });

  if (pin.error) return <ErrorText error={pin.error} />;
  if (!pin.data) return <Loading />;
  const p = pin.data;
  const locked = p.status === "publishing" || p.status === "published";
  const pinterestUrl =
    p.pinterest_pin_id &&
    (mode === "emulator"
      ? `/emulator/pinterest/boards/${p.board_id}`
      : `https://www.pinterest.com/pin/${p.pinterest_pin_id}/`);

  const act = (message: string, work: () => Promise<unknown>) =>
    action.run(async () => {
      await work();
      setFlash(message);
      await pin.reload();
    });

  return (
    <div>
      <PageHeader title={p.title || "Untitled pin"} subtitle={<StatusChip status={p.status} />}>
        {!locked ? (
          <a class="btn btn-secondary" href={`/app/compose?edit=${p.id}`}>
            Edit
          </a>
        ) : null}
        {!locked ? (
          <Button
            variant="primary"
            busy={action.busy}
            onClick={() => void act("Published on Pinterest.", () => post(`/pins/${p.id}/publish`))}
          >
            Publish now
          </Button>
        ) : null}
      </PageHeader>
      <Flash message={flash} />
      <ErrorText error={action.error} />
      <div class="detail-grid">
        {p.media_url || p.cover_image_url ? (
          <PinPicture class="detail-image" pin={p} alt={p.alt_text ?? p.title ?? "Pin image"} />
        ) : (
          <p class="thumb-empty detail-image">No image yet</p>
        )}
        <div class="card">
          {p.status === "failed" ? (
            <div class="failure" role="alert">
              <strong>Why it failed:</strong> {p.error_message}
              <StandardAccessLink message={p.error_message} />
              <div class="row">
                <Button
                  busy={action.busy}
                  onClick={() =>
                    void act("Back in the queue with fresh attempts.", () =>
                      put(`/pins/${p.id}`, { status: "queued" }),
                    )
                  }
                >
                  Retry
                </Button>
              </div>
            </div>
          ) : null}
          <h2>History</h2>
          <ul class="history">
            {history(p, t).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          {pinterestUrl ? (
            <p>
              <a href={pinterestUrl} target="_blank" rel="noopener noreferrer">
                View the pin on {mode === "emulator" ? "the demo Pinterest" : "Pinterest"} ↗
              </a>
            </p>
          ) : null}
          <dl class="fields">
            <dt>Pinterest account</dt>
            <dd>@{p.pinterest_username}</dd>
            <dt>Board</dt>
            <dd>
              <BoardName profileId={p.profile_id} boardId={p.board_id} />
            </dd>
            <dt>Description</dt>
            <dd>{p.description ?? "—"}</dd>
            <dt>Link</dt>
            <dd class="break">
              {/* a link stored before links had to be http(s) is shown, never followed */}
              {httpHref(p.link) ? (
                <a href={httpHref(p.link) as string} target="_blank" rel="noopener noreferrer nofollow">
                  {p.link}
                </a>
              ) : (
                (p.link ?? "—")
              )}
            </dd>
            <dt>Alt text</dt>
            <dd>{p.alt_text ?? "—"}</dd>
            <dt>Section</dt>
            <dd>{p.board_section_id ?? "—"}</dd>
            <dt>{p.media_type === "video" ? "Video" : "Image"}</dt>
            <dd class="break">{p.media_url}</dd>
            {p.media_type === "video" ? (
              <>
                <dt>Cover</dt>
                <dd class="break">
                  {p.cover_image_url ??
                    (p.cover_key_frame_time !== null ? `The frame at ${p.cover_key_frame_time} s` : "—")}
                </dd>
              </>
            ) : null}
            <dt>Scheduled for</dt>
            <dd>{t(p.scheduled_at)}</dd>
            <dt>Published</dt>
            <dd>{t(p.published_at)}</dd>
            <dt>Pinterest pin id</dt>
            <dd>{p.pinterest_pin_id ?? "—"}</dd>
            <dt>Attempts</dt>
            <dd>{p.retry_count} of 3</dd>
            <dt>Last error</dt>
            <dd>{p.error_message ?? "—"}</dd>
            <dt>Created</dt>
            <dd>{t(p.created_at)}</dd>
          </dl>
          <div class="row">
            <CollectionPicker
              label="Add to collection"
              onPick={(cid) =>
                void act("Added to the collection.", () => post(`/collections/${cid}/pins`, { pin_id: p.id }))
              }
            />
            {!locked ? (
              <Button
                variant="danger"
                onClick={() => {
                  if (confirm("Delete this pin?"))
                    void action.run(async () => {
                      await del(`/pins/${p.id}`);
                      await route("/app/pins");
                    });
                }}
              >
                Delete
              </Button>
            ) : null}
          </div>
        </div>
      </div>
      {p.status === "published" && p.published_at ? (
        <PinChart pinId={p.id} publishedAt={p.published_at} />
      ) : null}
    </div>
  );
}
