/**
 * Exactly once while people edit: each test holds one side of a race at a gate (a Pinterest call or one
 * SQL statement), lets the publisher publish the pin meanwhile, then releases the other side. Every race
 * must end with one pin on Pinterest and the loser changing nothing.
 */
import { describe, expect, test } from "bun:test";
import { AppError } from "../http/errors";
import { gatedDb, holdNextCall } from "../testing/gates";
import { pinSetup } from "../testing/pin-setup";
import { findUser } from "../users/users.service";
import { deletePin, reorderPins } from "./pins.service";

type Setup = Awaited<ReturnType<typeof pinSetup>>;

const BOARD_CACHE_EXPIRED_MS = 61_000;

async function publishDue(s: Setup) {
  await s.t.publisher.tick();
  await s.t.publisher.settled();
}

const pinterestPins = (s: Setup) => s.t.deps.emulator?.pins() ?? [];
const pinOf = async (s: Setup, id: number) => (await s.as(`/pins/${id}`)).json();

async function me(s: Setup) {
  const user = await findUser(s.t.deps, s.me.user.id);
  if (!user) throw new Error("no user");
  return user;
}

/** A queued pin, with the board cache gone stale so the next pre-flight asks Pinterest for the boards. */
async function queuedPin(s: Setup, title = "race") {
  const pin = await s.createOk({ title });
  s.t.clock.advance(BOARD_CACHE_EXPIRED_MS);
  return pin;
}

describe("an edit racing the publisher", () => {
  test("an edit whose pre-flight is still asking Pinterest loses to a publish: 409, nothing written, one pin", async () => {
    const s = await pinSetup();
    const pin = await queuedPin(s, "original");
    const boards = holdNextCall(s.t.deps.pinterest, "listBoards");
    const edit = s.as(`/pins/${pin.id}`, { method: "PUT", json: { title: "edited" } });
    await boards.reached;
    await publishDue(s);
    boards.release();

    const res = await edit;
    expect(res.status).toBe(409);
    expect(res.headers.get("x-error-code")).toBe("pins.locked");
    expect((await res.json()).detail).toBe("This pin is published and can no longer be changed or deleted.");
    await publishDue(s);
    expect(pinterestPins(s)).toHaveLength(1);
    expect(await pinOf(s, pin.id)).toMatchObject({ status: "published", title: "original" });
  });

  test("bulk status waiting on the pre-flight skips a pin published meanwhile and counts it as not updated", async () => {
    const s = await pinSetup();
    const pin = await queuedPin(s);
    const boards = holdNextCall(s.t.deps.pinterest, "listBoards");
    const bulk = s.as("/pins/bulk/status", { method: "PUT", json: { pin_ids: [pin.id], status: "queued" } });
    await boards.reached;
    await publishDue(s);
    boards.release();

    expect(await (await bulk).json()).toEqual({ updated: 0 });
    await publishDue(s);
    expect(pinterestPins(s)).toHaveLength(1);
    expect((await pinOf(s, pin.id)).status).toBe("published");
  });

  test("bulk schedule waiting on the pre-flight does not put a published pin back on the calendar", async () => {
    const s = await pinSetup();
    const pin = await queuedPin(s);
    const boards = holdNextCall(s.t.deps.pinterest, "listBoards");
    const bulk = s.as("/pins/bulk/schedule", {
      method: "PUT",
      json: { pin_ids: [pin.id], scheduled_at: "2026-06-01T09:00:00Z" },
    });
    await boards.reached;
    await publishDue(s);
    boards.release();

    expect(await (await bulk).json()).toEqual({ updated: 0 });
    s.t.clock.set("2026-06-01T09:00:00Z");
    await publishDue(s);
    expect(pinterestPins(s)).toHaveLength(1);
    expect(await pinOf(s, pin.id)).toMatchObject({ status: "published", scheduled_at: null });
  });
});

describe("a delete racing the publisher", () => {
  test("a delete held just before its statement loses to a publish: 409 and the published pin is kept", async () => {
    const s = await pinSetup();
    const pin = await queuedPin(s);
    const gated = gatedDb(s.t.database, /^delete from "pins"/);
    const removal = deletePin({ ...s.t.deps, db: gated.db }, await me(s), pin.id).then(
      () => null,
      (err: unknown) => err,
    );
    await gated.gate.reached;
    await publishDue(s);
    gated.gate.release();

    const err = await removal;
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ status: 409 });
    expect(pinterestPins(s)).toHaveLength(1);
    expect((await pinOf(s, pin.id)).status).toBe("published");
  });

  test("a delete while the pin is being sent answers 409, and the pin still ends published", async () => {
    const s = await pinSetup();
    const pin = await queuedPin(s);
    const create = holdNextCall(s.t.deps.pinterest, "createPin");
    const publishing = publishDue(s);
    await create.reached;
    const res = await s.as(`/pins/${pin.id}`, { method: "DELETE" });
    expect(res.status).toBe(409);
    expect((await res.json()).detail).toBe("This pin is publishing and can no longer be changed or deleted.");
    create.release();
    await publishing;
    expect(pinterestPins(s)).toHaveLength(1);
    expect((await pinOf(s, pin.id)).status).toBe("published");
  });
});

describe("publish now", () => {
  test("pressed twice at once: one publishes, the other is told 409, Pinterest gets one pin", async () => {
    const s = await pinSetup();
    const pin = await queuedPin(s);
    const create = holdNextCall(s.t.deps.pinterest, "createPin");
    const first = s.as(`/pins/${pin.id}/publish`, { method: "POST" });
    await create.reached;
    const second = await s.as(`/pins/${pin.id}/publish`, { method: "POST" });
    create.release();

    expect(second.status).toBe(409);
    expect(second.headers.get("x-error-code")).toBe("pins.locked");
    expect((await second.json()).detail).toBe(
      "This pin is publishing and can no longer be changed or deleted.",
    );
    const done = await first;
    expect(done.status).toBe(200);
    expect((await done.json()).status).toBe("published");
    await publishDue(s);
    expect(pinterestPins(s)).toHaveLength(1);
  });

  test("publish now while the scheduler is sending the pin answers 409 and sends nothing more", async () => {
    const s = await pinSetup();
    const pin = await queuedPin(s);
    const create = holdNextCall(s.t.deps.pinterest, "createPin");
    const publishing = publishDue(s);
    await create.reached;
    const res = await s.as(`/pins/${pin.id}/publish`, { method: "POST" });
    create.release();
    await publishing;

    expect(res.status).toBe(409);
    expect(pinterestPins(s)).toHaveLength(1);
  });
});

describe("a reorder racing the publisher", () => {
  test("a pin published while the reorder waited keeps its place and is not counted", async () => {
    const s = await pinSetup();
    const sent = await queuedPin(s, "sent");
    const draft = await s.createOk({ title: "draft", status: "draft" });
    const gated = gatedDb(s.t.database, /^begin/);
    const reorder = reorderPins({ ...s.t.deps, db: gated.db }, await me(s), [draft.id, sent.id]);
    await gated.gate.reached;
    await publishDue(s);
    gated.gate.release();

    expect(await reorder).toEqual({ updated: 1 });
    expect(await pinOf(s, sent.id)).toMatchObject({ status: "published", sort_order: sent.sort_order });
    expect((await pinOf(s, draft.id)).sort_order).toBe(0);
    expect(pinterestPins(s)).toHaveLength(1);
  });
});

describe("an edit racing another edit", () => {
  test("the second of two edits decided from the same state is refused with 409 and changes nothing", async () => {
    const s = await pinSetup();
    const pin = await s.createOk({ title: "draft", status: "draft" });
    const gated = gatedDb(s.t.database, /^begin/);
    const { updatePin } = await import("./pins.service");
    const slow = updatePin({ ...s.t.deps, db: gated.db }, await me(s), pin.id, { status: "queued" }).then(
      () => null,
      (err: unknown) => err,
    );
    await gated.gate.reached;
    const fast = await s.as(`/pins/${pin.id}`, { method: "PUT", json: { status: "review" } });
    expect(fast.status).toBe(200);
    gated.gate.release();

    expect(await slow).toMatchObject({
      status: 409,
      code: "pins.changed",
      message: "This pin changed while you were saving it; reload it and try again.",
    });
    expect((await pinOf(s, pin.id)).status).toBe("review");
    await publishDue(s);
    expect(pinterestPins(s)).toHaveLength(0);
  });
});
