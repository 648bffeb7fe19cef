/**
 * Publishing a video pin (publishing.video.ts): Pinterest's register → upload → processing → create, each
 * step stored before the next; waits by the fake clock through the scheduler; and crashes at each step,
 * staged with gates: a restarted publisher never uploads twice and never makes a second pin.
 */
import { describe, expect, test } from "bun:test";
import { crashInNextCall } from "../testing/gates";
import { pngImage, uploadForm } from "../testing/images";
import { pinSetup } from "../testing/pin-setup";
import { mp4Video, videoForm } from "../testing/videos";
import { createPublisher } from "./publishing.pool";
import { MAX_VIDEO_PROCESSING_MS } from "./publishing.video";

type Setup = Awaited<ReturnType<typeof pinSetup>>;

const emulator = (s: Setup) => s.t.deps.emulator as NonNullable<Setup["t"]["deps"]["emulator"]>;
const pinOf = async (s: Setup, id: number) => (await s.as(`/pins/${id}`)).json();

async function publishDue(s: Setup) {
  await s.t.publisher.tick();
  await s.t.publisher.settled();
}

async function uploaded(s: Setup, path: string, body: FormData): Promise<string> {
  const res = await s.t.request(path, { method: "POST", body, headers: s.key });
  expect(res.status).toBe(200);
  return (await res.json()).url;
}

/** A queued video pin with an uploaded PNG cover (or the key frame given). */
async function videoPin(s: Setup, cover: { keyFrame?: number } = {}) {
  const media_url = await uploaded(s, "/pins/upload-video", videoForm(mp4Video({ durationMs: 20_000 })));
  const coverField =
    cover.keyFrame !== undefined
      ? { cover_key_frame_time: cover.keyFrame }
      : { cover_image_url: await uploaded(s, "/pins/upload-image", uploadForm(pngImage(40, 60))) };
  const pin = await s.createOk({ title: "A video", media_url, ...coverField });
  expect(pin.status).toBe("queued");
  return pin;
}

/** Counts a client method's calls (they still go through). */
function counted(
  s: Setup,
  method: "getMedia" | "uploadMedia" | "registerMedia" | "createPin" | "listBoardPins",
) {
  const client = s.t.deps.pinterest;
  const original = client[method] as (...args: unknown[]) => Promise<unknown>;
  const calls = { n: 0 };
  (client as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
    calls.n += 1;
    return original.apply(client, args);
  };
  return calls;
}

const videoRow = async (s: Setup, pinId: number) =>
  (await s.t.one(
    "SELECT state, media_id, polls, upload_parameters_enc FROM pin_videos WHERE pin_id = ?",
    pinId,
  )) as {
    state: string;
    media_id: string;
    polls: number;
    upload_parameters_enc: string | null;
  } | null;

describe("publishing a video pin", () => {
  test("registers, uploads once, waits for processing and creates a video pin with the uploaded cover's bytes", async () => {
    const s = await pinSetup();
    const pin = await videoPin(s);
    await publishDue(s);
    const after = await pinOf(s, pin.id);
    expect(after).toMatchObject({ status: "published", video_status: "succeeded", retry_count: 0 });
    const [media] = emulator(s).mediaUploads();
    expect(emulator(s).mediaUploads()).toHaveLength(1);
    expect(media).toMatchObject({ uploads: 1, durationMs: 20_000, outcome: "succeeded" });
    const [onPinterest] = emulator(s).pins();
    expect(after.pinterest_pin_id).toBe(onPinterest?.id);
    expect(onPinterest?.media).toMatchObject({
      type: "video_id",
      mediaId: media?.id,
      cover: { type: "base64" },
    });
    expect(Buffer.from(onPinterest?.bytes as Uint8Array).equals(Buffer.from(pngImage(40, 60)))).toBe(true);
  });

  test("a key-frame cover is sent as cover_image_key_frame_time", async () => {
    const s = await pinSetup();
    await videoPin(s, { keyFrame: 7 });
    await publishDue(s);
    expect(emulator(s).pins()[0]?.media).toMatchObject({ cover: { type: "key_frame", seconds: 7 } });
  });

  test("the upload form's credentials are stored sealed, and dropped once the upload is done", async () => {
    const s = await pinSetup();
    const pin = await videoPin(s);
    const registered: string[] = [];
    const register = s.t.deps.pinterest.registerMedia;
    s.t.deps.pinterest.registerMedia = async (token) => {
      const answer = await register(token);
      registered.push(answer.upload_parameters.policy as string);
      return answer;
    };
    const { reached } = crashInNextCall(s.t.deps.pinterest, "uploadMedia");
    await s.t.publisher.tick();
    await reached;
    const row = await videoRow(s, pin.id);
    expect(row?.state).toBe("registered");
    expect(row?.upload_parameters_enc).toStartWith("v1.");
    expect(row?.upload_parameters_enc).not.toContain(registered[0] as string);
  });
});

describe("while Pinterest processes the video", () => {
  test("the pin waits in its queue, looked at after 5 s, 10 s, 20 s by the clock, no attempt counted, then publishes", async () => {
    const s = await pinSetup();
    emulator(s).faults.slowVideoProcessing(30_000);
    const pin = await videoPin(s);
    const looks = counted(s, "getMedia");
    await publishDue(s);
    expect(await pinOf(s, pin.id)).toMatchObject({
      status: "queued",
      video_status: "uploaded",
      retry_count: 0,
      error_message: null,
    });
    expect(looks.n).toBe(1);
    s.t.clock.advance(4_999);
    await publishDue(s);
    expect(looks.n).toBe(1); // not before its time
    s.t.clock.advance(1); // 5 s after the upload
    await publishDue(s);
    expect(looks.n).toBe(2);
    s.t.clock.advance(10_000); // 15 s
    await publishDue(s);
    expect(looks.n).toBe(3);
    expect((await videoRow(s, pin.id))?.polls).toBe(3);
    s.t.clock.advance(19_999); // 34.999 s: not yet
    await publishDue(s);
    expect(looks.n).toBe(3);
    s.t.clock.advance(1); // 35 s: processing took 30 s
    await publishDue(s);
    expect(looks.n).toBe(4);
    expect(await pinOf(s, pin.id)).toMatchObject({ status: "published", retry_count: 0 });
    expect(emulator(s).mediaUploads()[0]?.uploads).toBe(1);
    expect(emulator(s).pins()).toHaveLength(1);
  });

  test("a failed processing fails the pin with Pinterest's status and what to do, fires pin.failed, creates nothing", async () => {
    const s = await pinSetup();
    const now = s.t.clock.now();
    await s.t.query(
      "INSERT INTO webhooks (user_id, profile_id, url, event, created_at, updated_at) VALUES (?, ?, 'https://hooks.example.com/x', 'pin.failed', ?, ?)",
      s.me.user.id,
      s.me.user.selected_profile_id,
      now,
      now,
    );
    emulator(s).faults.failNextVideoProcessing(1);
    const pin = await videoPin(s);
    await publishDue(s);
    const after = await pinOf(s, pin.id);
    expect(after).toMatchObject({ status: "failed", video_status: "failed" });
    expect(after.error_message).toContain('status "failed"');
    expect(after.error_message).toContain("H.264");
    expect(emulator(s).pins()).toHaveLength(0);
    expect(await s.t.query("SELECT event FROM webhook_deliveries")).toEqual([{ event: "pin.failed" }]);
  });

  test("queued again after a failed processing, the video is registered and uploaded anew", async () => {
    const s = await pinSetup();
    emulator(s).faults.failNextVideoProcessing(1);
    const pin = await videoPin(s);
    await publishDue(s);
    expect((await s.as(`/pins/${pin.id}`, { method: "PUT", json: { status: "queued" } })).status).toBe(200);
    await publishDue(s);
    expect((await pinOf(s, pin.id)).status).toBe("published");
    expect(
      emulator(s)
        .mediaUploads()
        .map((m) => [m.uploads, m.outcome]),
    ).toEqual([
      [1, "failed"],
      [1, "succeeded"],
    ]);
  });

  test("a video still processing an hour after its upload fails the pin, saying PinFlow gave up waiting", async () => {
    const s = await pinSetup();
    emulator(s).faults.slowVideoProcessing(24 * 3_600_000);
    const pin = await videoPin(s);
    await publishDue(s);
    for (let waited = 0; waited < MAX_VIDEO_PROCESSING_MS; waited += 60_000) {
      s.t.clock.advance(60_000);
      await publishDue(s);
    }
    const after = await pinOf(s, pin.id);
    expect(after.status).toBe("failed");
    expect(after.error_message).toContain("gave up waiting");
    expect(emulator(s).pins()).toHaveLength(0);
  });
});

describe("a crash at each step: the restarted publisher resumes, never uploads twice, never posts twice", () => {
  /** The process died in the middle: a new publisher over the same database reconciles, then publishes. */
  async function restart(s: Setup) {
    const restarted = createPublisher(s.t.deps);
    await restarted.reconcileOrphans(Number.POSITIVE_INFINITY);
    await restarted.tick();
    await restarted.settled();
    return restarted;
  }

  test("between the upload and the create (the create never left): one upload, one pin", async () => {
    const s = await pinSetup();
    const pin = await videoPin(s);
    const { reached } = crashInNextCall(s.t.deps.pinterest, "createPin");
    await s.t.publisher.tick();
    await reached;
    expect((await pinOf(s, pin.id)).status).toBe("publishing");
    expect((await videoRow(s, pin.id))?.state).toBe("succeeded");
    const uploads = counted(s, "uploadMedia");
    const registers = counted(s, "registerMedia");
    await restart(s);
    expect(await pinOf(s, pin.id)).toMatchObject({ status: "published", video_status: "succeeded" });
    expect([registers.n, uploads.n]).toEqual([0, 0]);
    expect(
      emulator(s)
        .mediaUploads()
        .map((m) => m.uploads),
    ).toEqual([1]);
    expect(emulator(s).pins({ boardId: s.board })).toHaveLength(1);
  });

  test("after the create reached Pinterest, before its answer: the board shows the pin; no second upload or pin", async () => {
    const s = await pinSetup();
    const pin = await videoPin(s);
    const { reached } = crashInNextCall(s.t.deps.pinterest, "createPin", { afterSending: true });
    await s.t.publisher.tick();
    await reached;
    expect(emulator(s).pins()).toHaveLength(1); // Pinterest made it; PinFlow never heard
    const creates = counted(s, "createPin");
    const uploads = counted(s, "uploadMedia");
    await restart(s);
    const after = await pinOf(s, pin.id);
    expect(after.status).toBe("published");
    expect(after.pinterest_pin_id).toBe(emulator(s).pins()[0]?.id);
    expect([creates.n, uploads.n]).toEqual([0, 0]);
    expect(emulator(s).pins()).toHaveLength(1);
    expect(
      emulator(s)
        .mediaUploads()
        .map((m) => m.uploads),
    ).toEqual([1]);
  });

  test("right after the upload, before it was stored: the restart asks Pinterest and does not upload again", async () => {
    const s = await pinSetup();
    const pin = await videoPin(s);
    const { reached } = crashInNextCall(s.t.deps.pinterest, "uploadMedia", { afterSending: true });
    await s.t.publisher.tick();
    await reached;
    expect((await videoRow(s, pin.id))?.state).toBe("registered");
    expect(emulator(s).mediaUploads()[0]?.uploads).toBe(1);
    const boards = counted(s, "listBoardPins");
    await restart(s);
    expect((await pinOf(s, pin.id)).status).toBe("published");
    // the create had never been sent, and the stored state says so: no need to read the board
    expect(boards.n).toBe(0);
    expect(
      emulator(s)
        .mediaUploads()
        .map((m) => m.uploads),
    ).toEqual([1]);
    expect(emulator(s).pins()).toHaveLength(1);
  });

  test("in the middle of the upload (it never arrived): the restart uploads it, once, to the same registration", async () => {
    const s = await pinSetup();
    const pin = await videoPin(s);
    const { reached } = crashInNextCall(s.t.deps.pinterest, "uploadMedia");
    await s.t.publisher.tick();
    await reached;
    const registers = counted(s, "registerMedia");
    await restart(s);
    expect((await pinOf(s, pin.id)).status).toBe("published");
    expect(registers.n).toBe(0);
    expect(
      emulator(s)
        .mediaUploads()
        .map((m) => m.uploads),
    ).toEqual([1]);
  });

  test("while Pinterest processes it, a restart goes on polling the same upload", async () => {
    const s = await pinSetup();
    emulator(s).faults.slowVideoProcessing(10_000);
    const pin = await videoPin(s);
    const { reached } = crashInNextCall(s.t.deps.pinterest, "getMedia");
    await s.t.publisher.tick();
    await reached;
    s.t.clock.advance(10_000);
    await restart(s);
    expect((await pinOf(s, pin.id)).status).toBe("published");
    expect(
      emulator(s)
        .mediaUploads()
        .map((m) => m.uploads),
    ).toEqual([1]);
    expect(emulator(s).pins()).toHaveLength(1);
  });
});

describe("failures of the upload steps", () => {
  test("a refused upload (an expired form) spends the registration: the next attempt registers again", async () => {
    const s = await pinSetup();
    const pin = await videoPin(s);
    const upload = s.t.deps.pinterest.uploadMedia;
    s.t.deps.pinterest.uploadMedia = async (form, file) =>
      upload({ ...form, upload_parameters: { ...form.upload_parameters, policy: "expired" } }, file);
    await publishDue(s);
    const first = await pinOf(s, pin.id);
    expect(first).toMatchObject({ status: "queued", retry_count: 1, video_status: null });
    expect(first.error_message).toContain("AccessDenied");
    s.t.deps.pinterest.uploadMedia = upload;
    s.t.clock.advance(15 * 60_000);
    await publishDue(s);
    expect((await pinOf(s, pin.id)).status).toBe("published");
    expect(
      emulator(s)
        .mediaUploads()
        .map((m) => m.uploads),
    ).toEqual([0, 1]);
  });

  test("a transient failure before the create is retried without reading the board (no pin can exist)", async () => {
    const s = await pinSetup();
    const pin = await videoPin(s);
    emulator(s).faults.errorRate(1, ["500"]);
    const boards = counted(s, "listBoardPins");
    await publishDue(s);
    expect(await pinOf(s, pin.id)).toMatchObject({ status: "queued", retry_count: 1 });
    expect(boards.n).toBe(0);
    emulator(s).faults.errorRate(0);
    s.t.clock.advance(15 * 60_000);
    await publishDue(s);
    expect((await pinOf(s, pin.id)).status).toBe("published");
  });

  test("a video whose file is gone fails the pin with a message that says so", async () => {
    const s = await pinSetup();
    const pin = await videoPin(s);
    const { rmSync } = await import("node:fs");
    const { join } = await import("node:path");
    rmSync(join(s.t.dataDir, "uploads", pin.media_url.split("/").at(-1)));
    await publishDue(s);
    expect(await pinOf(s, pin.id)).toMatchObject({
      status: "failed",
      error_message: "The uploaded video file is missing from the uploads folder.",
    });
  });

  test("a new video for the pin after its registration registers the new one", async () => {
    const s = await pinSetup();
    const pin = await videoPin(s);
    const { reached } = crashInNextCall(s.t.deps.pinterest, "uploadMedia");
    await s.t.publisher.tick();
    await reached;
    const restarted = createPublisher(s.t.deps);
    await restarted.reconcileOrphans(Number.POSITIVE_INFINITY);
    const other = await uploaded(s, "/pins/upload-video", videoForm(mp4Video({ durationMs: 9_000 })));
    expect((await s.as(`/pins/${pin.id}`, { method: "PUT", json: { media_url: other } })).status).toBe(200);
    await restarted.tick();
    await restarted.settled();
    expect((await pinOf(s, pin.id)).status).toBe("published");
    const uploads = emulator(s).mediaUploads();
    expect(uploads.map((m) => m.uploads)).toEqual([0, 1]);
    expect(uploads[1]?.durationMs).toBe(9_000);
  });
});

describe("POST /pins/{id}/publish with a video", () => {
  test("answers 200 published when Pinterest processes it at once, 202 while it is still processing", async () => {
    const s = await pinSetup();
    const quick = await videoPin(s);
    const now = await s.as(`/pins/${quick.id}/publish`, { method: "POST" });
    expect(now.status).toBe(200);
    expect((await now.json()).status).toBe("published");
    emulator(s).faults.slowVideoProcessing(60_000);
    const slow = await videoPin(s);
    const later = await s.as(`/pins/${slow.id}/publish`, { method: "POST" });
    expect(later.status).toBe(202);
    expect(await later.json()).toMatchObject({ status: "queued", video_status: "uploaded" });
    s.t.clock.advance(60_000);
    for (let i = 0; i < 3; i++) {
      await publishDue(s);
      s.t.clock.advance(60_000);
    }
    expect((await pinOf(s, slow.id)).status).toBe("published");
  });
});

describe("Trial access (403 code 29)", () => {
  test("fails the pin with what it means and what to do: the sandbox URL, or Standard access", async () => {
    const s = await pinSetup();
    const pin = await s.createOk();
    emulator(s).faults.failNextCreates(1, { status: 403, code: 29 });
    await publishDue(s);
    const after = await pinOf(s, pin.id);
    expect(after.status).toBe("failed");
    expect(after.error_message).toContain("You are not permitted to access that resource.");
    expect(after.error_message).toContain("Trial access");
    expect(after.error_message).toContain("PINFLOW_PINTEREST_API_URL=https://api-sandbox.pinterest.com/v5");
    expect(after.error_message).toContain('"Getting Standard access"');
  });

  test("the same for a video pin refused at its registration", async () => {
    const s = await pinSetup();
    const pin = await videoPin(s);
    const { PinterestError } = await import("../pinterest/pinterest.errors");
    s.t.deps.pinterest.registerMedia = async () => {
      throw new PinterestError(
        "permanent",
        "Registering the video upload with Pinterest failed (Pinterest answered 403)",
        {
          status: 403,
          code: 29,
        },
      );
    };
    await publishDue(s);
    const after = await pinOf(s, pin.id);
    expect(after.status).toBe("failed");
    expect(after.error_message).toContain("Trial access");
  });
});
