/**
 * Where the emulator's boards and sections come from: the fixed demo boards (emulator.seed.ts) and those made
 * through the API (emulator.state.ts), seen as one list per account. Data only: the /v5 answers are built in
 * emulator.resources.ts.
 */
import { DEMO_ACCOUNTS, type DemoAccount, findAccount } from "./emulator.seed";
import type { BoardRecord, SectionRecord, Store } from "./emulator.state";

export interface EmulatorBoard {
  id: string;
  accountId: string;
  name: string;
  description: string;
  privacy: "PUBLIC" | "PROTECTED" | "SECRET";
  createdAt: number;
}

export interface EmulatorSection {
  id: string;
  boardId: string;
  name: string;
}

function demoBoards(account: DemoAccount): EmulatorBoard[] {
  return account.boards.map((b) => ({
    id: b.id,
    accountId: account.id,
    name: b.name,
    description: b.description,
    privacy: "PUBLIC",
    createdAt: b.createdAt,
  }));
}

const fromRecord = (b: BoardRecord): EmulatorBoard => ({ ...b });

/** An account's boards: the demo ones first, then those made through the API, oldest first. */
export function boardsOf(store: Store, accountId: string): EmulatorBoard[] {
  const account = findAccount(accountId);
  if (!account) return [];
  return [
    ...demoBoards(account),
    ...[...store.boards.values()].filter((b) => b.accountId === accountId).map(fromRecord),
  ];
}

/** Any board of any account, with its owner. */
export function findAnyBoard(
  store: Store,
  boardId: string,
): { account: DemoAccount; board: EmulatorBoard } | undefined {
  for (const account of DEMO_ACCOUNTS) {
    const demo = account.boards.find((b) => b.id === boardId);
    if (demo) return { account, board: demoBoards(account).find((b) => b.id === boardId) as EmulatorBoard };
  }
  const made = store.boards.get(boardId);
  const account = made && findAccount(made.accountId);
  return made && account ? { account, board: fromRecord(made) } : undefined;
}

/** A board's sections: the demo ones, then those made through the API. */
export function sectionsOf(store: Store, boardId: string): EmulatorSection[] {
  const demo = DEMO_ACCOUNTS.flatMap((a) => a.boards)
    .find((b) => b.id === boardId)
    ?.sections.map((s) => ({ id: s.id, boardId, name: s.name }));
  const made = [...store.sections.values()]
    .filter((s: SectionRecord) => s.boardId === boardId)
    .map((s) => ({ id: s.id, boardId, name: s.name }));
  return [...(demo ?? []), ...made];
}

/** Ids of boards and sections made through the API: digits, apart from the demo ones. */
export const madeBoardId = (seq: number) => `1072067955${String(seq).padStart(9, "0")}`;
export const madeSectionId = (seq: number) => `5497558860${String(seq).padStart(9, "0")}`;
