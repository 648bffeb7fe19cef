import { describe, expect, test } from "bun:test";
import { pinSetup } from "../testing/pin-setup";

type Setup = Awaited<ReturnType<typeof pinSetup>>;

const sectionsOf = async (s: Setup, board: string) =>
  (await (await s.as(`/boards/${board}/sections`)).json()).items as Array<{ id: string; name: string }>;

describe("board_section_id on pins", () => {
  test("a section of the pin's board is kept and the pin queued; one of another board goes to review", async () => {
    const s = await pinSetup();
    const [pasta] = await sectionsOf(s, s.board);
    const ok = await s.createOk({ board_section_id: pasta?.id });
    expect(ok).toMatchObject({ status: "queued", board_section_id: pasta?.id, error_message: null });
    const sourdough = s.boards[1]?.id as string;
    const [starters] = await sectionsOf(s, sourdough);
    const wrong = await s.createOk({ board_section_id: starters?.id });
    expect(wrong.status).toBe("review");
    expect(wrong.error_message).toBe(
      `Section ${starters?.id} is not one of the sections of board ${s.board} on Pinterest.`,
    );
  });

  test('"" or null means the board itself; letters are a 422', async () => {
    const s = await pinSetup();
    expect((await s.createOk({ board_section_id: "" })).board_section_id).toBeNull();
    expect((await s.createOk({ board_section_id: null })).board_section_id).toBeNull();
    const bad = await s.create({ board_section_id: "pasta" });
    expect(bad.status).toBe(422);
    expect((await bad.json()).detail[0].loc).toEqual(["body", "board_section_id"]);
  });

  test("an edit can set or clear it; moving the pin to another board drops a section not given again", async () => {
    const s = await pinSetup();
    const [pasta, soups] = await sectionsOf(s, s.board);
    const pin = await s.createOk({ status: "draft", board_section_id: pasta?.id });
    const set = await (
      await s.as(`/pins/${pin.id}`, { method: "PUT", json: { board_section_id: soups?.id } })
    ).json();
    expect(set.board_section_id).toBe(soups?.id);
    const kept = await (await s.as(`/pins/${pin.id}`, { method: "PUT", json: { title: "t" } })).json();
    expect(kept.board_section_id).toBe(soups?.id);
    const moved = await (
      await s.as(`/pins/${pin.id}`, { method: "PUT", json: { board_id: s.boards[2]?.id } })
    ).json();
    expect(moved.board_section_id).toBeNull();
    const sourdough = s.boards[1]?.id as string;
    const [starters] = await sectionsOf(s, sourdough);
    const both = await (
      await s.as(`/pins/${pin.id}`, {
        method: "PUT",
        json: { board_id: sourdough, board_section_id: starters?.id, status: "queued" },
      })
    ).json();
    expect(both).toMatchObject({ board_id: sourdough, board_section_id: starters?.id, status: "queued" });
  });

  test("bulk creation takes it per pin", async () => {
    const s = await pinSetup();
    const [pasta] = await sectionsOf(s, s.board);
    const res = await s.as("/pins/bulk", {
      method: "POST",
      json: [
        { board_id: s.board, media_url: "https://example.com/a.jpg", board_section_id: pasta?.id },
        { board_id: s.board, media_url: "https://example.com/b.jpg" },
      ],
    });
    expect(res.status).toBe(201);
    expect((await res.json()).map((p: { board_section_id: string | null }) => p.board_section_id)).toEqual([
      pasta?.id,
      null,
    ]);
  });

  test("when Pinterest cannot list the sections the pre-flight does not judge: the pin is queued", async () => {
    const s = await pinSetup();
    await s.as("/boards"); // boards are cached; sections are not
    s.t.deps.emulator?.faults.errorRate(1, ["500"]);
    const pin = await s.createOk({ board_section_id: "549755881999999" });
    expect(pin.status).toBe("queued");
  });
});
