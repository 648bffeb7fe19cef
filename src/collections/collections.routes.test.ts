import { describe, expect, test } from "bun:test";
import { pinSetup, secondUser } from "../testing/pin-setup";

describe("collections", () => {
  test("create, list with pin_count, read with pin_ids, rename and delete", async () => {
    const { as, createOk } = await pinSetup();
    const created = await as("/collections", { method: "POST", json: { name: "Summer Campaign" } });
    expect(created.status).toBe(201);
    const c = await created.json();
    expect(c).toEqual({
      id: c.id,
      name: "Summer Campaign",
      pin_count: 0,
      created_at: "2026-05-01T12:00:00Z",
    });
    const [p1, p2] = [await createOk(), await createOk()];
    for (const pin of [p1, p2, p1]) {
      expect(
        (await as(`/collections/${c.id}/pins`, { method: "POST", json: { pin_id: pin.id } })).status,
      ).toBe(204);
    }
    expect(await (await as("/collections")).json()).toEqual([{ ...c, pin_count: 2 }]);
    expect(await (await as(`/collections/${c.id}`)).json()).toEqual({
      ...c,
      pin_count: 2,
      pin_ids: [p1.id, p2.id],
    });
    const renamed = await as(`/collections/${c.id}`, { method: "PUT", json: { name: "Autumn Campaign" } });
    expect(renamed.status).toBe(200);
    expect((await renamed.json()).name).toBe("Autumn Campaign");
    expect((await as(`/collections/${c.id}/pins/${p1.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await (await as(`/collections/${c.id}`)).json()).pin_ids).toEqual([p2.id]);
    expect((await as(`/collections/${c.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await as(`/collections/${c.id}`)).status).toBe(404);
    expect((await as(`/pins/${p2.id}`)).status).toBe(200); // pins are NOT deleted
  });

  test("the collection_id filter of GET /pins works", async () => {
    const { as, createOk } = await pinSetup();
    const c = await (await as("/collections", { method: "POST", json: { name: "Picks" } })).json();
    const inside = await createOk({ title: "inside" });
    await createOk({ title: "outside" });
    await as(`/collections/${c.id}/pins`, { method: "POST", json: { pin_id: inside.id } });
    const pins = await (await as(`/pins?collection_id=${c.id}`)).json();
    expect(pins.map((p: { title: string }) => p.title)).toEqual(["inside"]);
  });

  test("a name is required and at most 128 characters", async () => {
    const { as } = await pinSetup();
    for (const name of ["", "   ", "x".repeat(129)]) {
      const res = await as("/collections", { method: "POST", json: { name } });
      expect(res.status).toBe(422);
      expect((await res.json()).detail[0].loc).toEqual(["body", "name"]);
    }
    expect((await as("/collections", { method: "POST", json: {} })).status).toBe(422);
  });

  test("a pin of another user cannot be added (404)", async () => {
    const { t, me, as } = await pinSetup();
    const c = await (await as("/collections", { method: "POST", json: { name: "Mine" } })).json();
    const { otherKey } = await secondUser(t, me);
    const theirs = await (
      await t.request("/pins", {
        method: "POST",
        json: { board_id: "1", media_url: "https://example.com/x.jpg", status: "draft" },
        headers: otherKey,
      })
    ).json();
    expect(
      (await as(`/collections/${c.id}/pins`, { method: "POST", json: { pin_id: theirs.id } })).status,
    ).toBe(404);
    expect((await as(`/collections/${c.id}/pins`, { method: "POST", json: { pin_id: 999999 } })).status).toBe(
      404,
    );
  });

  test("another user's collection answers 404 on every route", async () => {
    const { t, me, as, createOk } = await pinSetup();
    const c = await (await as("/collections", { method: "POST", json: { name: "Mine" } })).json();
    const pin = await createOk();
    await as(`/collections/${c.id}/pins`, { method: "POST", json: { pin_id: pin.id } });
    const { otherKey } = await secondUser(t, me);
    const other = (path: string, method = "GET", json?: Record<string, unknown>) =>
      t.request(path, { method, json, headers: otherKey });
    expect(await (await other("/collections")).json()).toEqual([]);
    expect((await other(`/collections/${c.id}`)).status).toBe(404);
    expect((await other(`/collections/${c.id}`, "PUT", { name: "Stolen" })).status).toBe(404);
    expect((await other(`/collections/${c.id}`, "DELETE")).status).toBe(404);
    expect((await other(`/collections/${c.id}/pins`, "POST", { pin_id: pin.id })).status).toBe(404);
    expect((await other(`/collections/${c.id}/pins/${pin.id}`, "DELETE")).status).toBe(404);
    expect((await other(`/pins?collection_id=${c.id}`)).status).toBe(200);
    expect(await (await other(`/pins?collection_id=${c.id}`)).json()).toEqual([]);
    expect(await (await as(`/collections/${c.id}`)).json()).toMatchObject({
      name: "Mine",
      pin_ids: [pin.id],
    });
  });
});
