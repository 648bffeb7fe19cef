/**
 * The emulator's demo Pinterest accounts and boards. Fixed data (no randomness, no clock), so an emulator
 * that reloads a persisted state and a fresh one agree on every id.
 */

export interface DemoSection {
  id: string;
  name: string;
}

export interface DemoBoard {
  id: string;
  name: string;
  description: string;
  /** When the board was made, epoch ms (fixed). */
  createdAt: number;
  /** Fixed sections (more can be made through the API). */
  sections: DemoSection[];
}

export interface DemoAccount {
  id: string;
  username: string;
  account_type: "PINNER" | "BUSINESS";
  business_name: string | null;
  about: string;
  website_url: string;
  follower_count: number;
  following_count: number;
  monthly_views: number;
  boards: DemoBoard[];
}

/** 37 topics: more than one default page (25) of boards for the first account. */
const STUDIO_TOPICS = [
  "Weeknight dinners",
  "Sourdough",
  "Small gardens",
  "Balcony plants",
  "Living room ideas",
  "Scandinavian kitchens",
  "Reading nooks",
  "Watercolour",
  "Hand lettering",
  "Knitting patterns",
  "Ceramics",
  "Capsule wardrobe",
  "Trail running",
  "Yoga at home",
  "Meal prep",
  "Smoothies",
  "Coffee corner",
  "Desk setups",
  "Typography",
  "Logo inspiration",
  "Colour palettes",
  "Wedding flowers",
  "Birthday parties",
  "Kids crafts",
  "Rainy day activities",
  "Road trips",
  "Camping gear",
  "Japan travel",
  "Lisbon",
  "Street photography",
  "Film cameras",
  "Vintage posters",
  "Tiny houses",
  "Cabin life",
  "Bathroom refresh",
  "Lighting",
  "Holiday baking",
];

const day = 86_400_000;
const SEED_EPOCH = Date.UTC(2024, 0, 15, 9, 30, 0);

/** Sections of some demo boards, by board name. */
const SECTIONS: Record<string, string[]> = {
  "Weeknight dinners": ["Pasta", "Soups", "Sheet-pan suppers"],
  Sourdough: ["Starters", "Loaves"],
  "Recipes to try": ["Breakfast", "Dessert"],
};

function boards(accountDigit: number, names: Array<[string, string]>): DemoBoard[] {
  return names.map(([name, description], i) => ({
    id: `107206795498${accountDigit}${String(i + 1).padStart(6, "0")}`,
    name,
    description,
    createdAt: SEED_EPOCH + accountDigit * 7 * day + i * day,
    sections: (SECTIONS[name] ?? []).map((section, j) => ({
      id: `54975588${accountDigit}${String(i + 1).padStart(3, "0")}${String(j + 1).padStart(2, "0")}`,
      name: section,
    })),
  }));
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    id: "2783136121146311751",
    username: "pinflow_studio",
    account_type: "BUSINESS",
    business_name: "PinFlow Demo Studio",
    about: "A demo business account of the Pinterest emulator, with more boards than fit on one page.",
    website_url: "https://studio.example.com",
    follower_count: 1280,
    following_count: 96,
    monthly_views: 48200,
    boards: boards(
      1,
      STUDIO_TOPICS.map((topic) => [topic, `Ideas and inspiration: ${topic.toLowerCase()}.`]),
    ),
  },
  {
    id: "2783136121146311752",
    username: "home_cook_demo",
    account_type: "PINNER",
    business_name: null,
    about: "Cooks at home, pins everything.",
    website_url: "",
    follower_count: 42,
    following_count: 310,
    monthly_views: 900,
    boards: boards(2, [
      ["Recipes to try", "Things I want to cook this month."],
      ["Family favourites", "Tried, tested, asked for again."],
      ["Kitchen tools", ""],
    ]),
  },
  {
    id: "2783136121146311753",
    username: "travel_snaps_demo",
    account_type: "BUSINESS",
    business_name: "Travel Snaps",
    about: "Travel photography, one city at a time.",
    website_url: "https://travel.example.com",
    follower_count: 5120,
    following_count: 12,
    monthly_views: 130500,
    boards: boards(3, [
      ["City breaks", "Weekend trips in Europe."],
      ["Mountains", "High places and how to get there."],
    ]),
  },
];

export function findAccount(accountId: string): DemoAccount | undefined {
  return DEMO_ACCOUNTS.find((account) => account.id === accountId);
}

export function findBoard(boardId: string): { account: DemoAccount; board: DemoBoard } | undefined {
  for (const account of DEMO_ACCOUNTS) {
    const board = account.boards.find((b) => b.id === boardId);
    if (board) return { account, board };
  }
  return undefined;
}
