import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import type { PinDto } from "../../../pins/pins.schema";
import { isLocked } from "../../../shared/pin-status";
import { ApiError, del, get, post, put } from "../api";
import { withBase } from "../base";
import { useBoardName } from "../boards";
import { PinChart } from "../components/pin-chart";
import { PinPicture } from "../components/pin-media";
import { CollectionPicker, Flash } from "../components/pins";
import { StandardAccessLink } from "../components/standard-access";
import { Button, Empty, ErrorText, Loading, PageHeader, StatusChip } from "../components/ui";
import { formatTime, httpHref } from "../format";
import { focusOn, useAction, useLoad } from "../hooks";
import { onPin } from "../live";
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
  if (pin.status === "queued")
    lines.push(
      pin.queue_at
        ? `Queued: it takes the posting slot of ${t(pin.queue_at)}.`
        : `Waiting in the queue at position ${pin.sort_order + 1}.`,
    );
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
  // Live: the publisher (or another tab, or a script) changing this pin shows here within a tick.
  const pin = useLoad(() => get<PinDto>(`/pins/${id}`), [id], { live: onPin(id) });
  const action = useAction();
  const [flash, setFlash] = useState<string | null>(null);
  const statusSeen = useRef<string | null>(null);
  const flashRef = useRef<HTMLDivElement>(null);
  const t = (iso: string | null) => formatTime(iso, me?.timezone ?? "UTC", { withYear: true });

  // A status that changed under the page makes what was said about the old one stale: clear it.
  const status = pin.data?.status ?? null;
  useEffect(() => {
    if (statusSeen.current !== null && status !== statusSeen.current && !action.busy) {
      action.setError(null);
      if (status === "published") setFlash("Published on Pinterest.");
      else setFlash(null);
    }
    statusSeen.current = status;
  }, [status]);

  if (pin.error?.status === 404)
    return (
      <Empty title="This pin no longer exists">
        <p>
          It was deleted. <a href={withBase("/app/pins")}>See all pins</a>
        </p>
      </Empty>
    );
  if (pin.error && !pin.data) return <ErrorText error={pin.error} />;
  if (!pin.data) return <Loading />;
  const p = pin.data;
  const locked = isLocked(p.status);
  const pinterestUrl =
    p.pinterest_pin_id &&
    (mode === "emulator"
      ? withBase(`/emulator/pinterest/boards/${p.board_id}`)
      : `https://www.pinterest.com/pin/${p.pinterest_pin_id}/`);
  const onPinterest = mode === "emulator" ? "the demo Pinterest" : "Pinterest";

  const act = (message: string, work: () => Promise<unknown>) =>
    action.run(async () => {
      try {
        await work();
      } catch (err) {
        // The pin moved on meanwhile (published by the scheduler, changed elsewhere): show it as it is now.
        if (err instanceof ApiError && err.status === 409) await pin.reload();
        throw err;
      }
      setFlash(message);
      await pin.reload();
      requestAnimationFrame(() => focusOn(flashRef.current));
    });

  return (
    <div class="pin-detail">
      <PageHeader title={p.title || "Untitled pin"} subtitle={<StatusChip status={p.status} />}>
        {pinterestUrl ? (
          <a class="btn btn-primary" href={pinterestUrl} target="_blank" rel="noopener noreferrer">
            View on {onPinterest} ↗
          </a>
        ) : null}
        {!locked ? (
          <a class="btn btn-secondary" href={withBase(`/app/compose?edit=${p.id}`)}>
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
      <Flash message={flash} focusRef={flashRef} />
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
                View the pin on {onPinterest} ↗
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
            {p.queue_at ? (
              <>
                <dt>Posting slot</dt>
                <dd>{t(p.queue_at)}</dd>
              </>
            ) : null}
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
