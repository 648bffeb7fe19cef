import { useEffect, useState } from "preact/hooks";
import type { BoardsDto } from "../../boards/boards.schema";
import { get } from "./api";

/** Board names per profile, fetched once per page load (the server caches Pinterest's list too). */
const names = new Map<number, Promise<Map<string, string>>>();

function namesOf(profileId: number): Promise<Map<string, string>> {
  let loading = names.get(profileId);
  if (!loading) {
    loading = get<BoardsDto>(`/boards?profile_id=${profileId}`)
      .then((b) => new Map(b.items.map((i) => [i.id, i.name])))
      .catch(() => new Map());
    names.set(profileId, loading);
  }
  return loading;
}

/** The board's name when Pinterest lists it, else its id. */
export function useBoardName(profileId: number, boardId: string): string {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void namesOf(profileId).then((m) => live && setName(m.get(boardId) ?? null));
    return () => {
      live = false;
    };
  }, [profileId, boardId]);
  return name ?? `board ${boardId}`;
}
