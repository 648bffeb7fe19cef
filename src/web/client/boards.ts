import { useEffect, useState } from "preact/hooks";
import type { BoardsDto } from "../../boards/boards.schema";
import type { PinDto } from "../../pins/pins.schema";
import { type ApiError, get } from "./api";

export type Board = BoardsDto["items"][number];

/** Each profile's boards, fetched once per page load (the server caches Pinterest's list too). */
const lists = new Map<number, Promise<Board[]>>();
/** Every mounted useBoards, told when a profile's list was fetched again (a board was made, "reload"). */
const listeners = new Set<(profileId: number) => void>();

function fetchBoards(profileId: number, fresh: boolean): Promise<Board[]> {
  const loading = get<BoardsDto>(`/boards?profile_id=${profileId}${fresh ? "&refresh=1" : ""}`).then(
    (b) => b.items,
  );
  loading.catch(() => lists.delete(profileId));
  lists.set(profileId, loading);
  return loading;
}

export function boardsOf(profileId: number): Promise<Board[]> {
  return lists.get(profileId) ?? fetchBoards(profileId, false);
}

/** Asks Pinterest again, once, and updates every picker on screen. */
export function refreshBoards(profileId: number): Promise<Board[]> {
  const loading = fetchBoards(profileId, true);
  for (const tell of listeners) tell(profileId);
  return loading;
}

export function useBoards(profileId: number | undefined) {
  const [boards, setBoards] = useState<Board[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const tell = (id: number) => id === profileId && setVersion((v) => v + 1);
    listeners.add(tell);
    return () => void listeners.delete(tell);
  }, [profileId]);
  useEffect(() => {
    if (!profileId) return;
    let live = true;
    setError(null);
    boardsOf(profileId).then(
      (b) => live && setBoards(b),
      (err) => live && setError(err as ApiError),
    );
    return () => {
      live = false;
    };
  }, [profileId, version]);
  return { boards, error, reload: () => profileId && void refreshBoards(profileId).catch(() => {}) };
}

/** The board's name when Pinterest lists it, else its id. */
export function useBoardName(profileId: number, boardId: string): string {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void boardsOf(profileId)
      .then((list) => live && setName(list.find((b) => b.id === boardId)?.name ?? null))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [profileId, boardId]);
  return name ?? `board ${boardId}`;
}

/** A map of board id → name for one profile (empty until loaded). */
export function useBoardNames(profileId: number | undefined): Map<string, string> {
  const { boards } = useBoards(profileId);
  const [names, setNames] = useState(new Map<string, string>());
  useEffect(() => setNames(new Map((boards ?? []).map((b) => [b.id, b.name]))), [boards]);
  return names;
}

const RECENT_KEY = (profileId: number) => `pinflow.recent-boards.${profileId}`;

/** Remembers boards just used (newest first) so the picker offers them first. */
export function rememberBoards(profileId: number, boardIds: string[]): void {
  try {
    const before = JSON.parse(localStorage.getItem(RECENT_KEY(profileId)) ?? "[]") as string[];
    const next = [...new Set([...boardIds, ...before])].slice(0, 8);
    localStorage.setItem(RECENT_KEY(profileId), JSON.stringify(next));
  } catch {
    // storage full or off: recents are a convenience
  }
}

/** The boards of the latest pins, per profile: read once per page load (every picker on screen shares it). */
const latestPinBoards = new Map<number, Promise<string[]>>();

function boardsOfLatestPins(profileId: number): Promise<string[]> {
  let loading = latestPinBoards.get(profileId);
  if (!loading) {
    loading = get<PinDto[]>(`/pins?profile_id=${profileId}&limit=60`)
      .then((pins) => pins.map((p) => p.board_id))
      .catch(() => []);
    latestPinBoards.set(profileId, loading);
  }
  return loading;
}

/** Recently used boards, newest first: the ones picked in this browser, then those of the latest pins. */
export function useRecentBoards(profileId: number | undefined): string[] {
  const [recent, setRecent] = useState<string[]>([]);
  useEffect(() => {
    if (!profileId) return;
    let live = true;
    let local: string[] = [];
    try {
      local = JSON.parse(localStorage.getItem(RECENT_KEY(profileId)) ?? "[]") as string[];
    } catch {
      local = [];
    }
    setRecent(local);
    void boardsOfLatestPins(profileId).then(
      (ids) => live && setRecent([...new Set([...local, ...ids])].slice(0, 5)),
    );
    return () => {
      live = false;
    };
  }, [profileId]);
  return recent;
}
