import { type ComponentChildren, createContext } from "preact";
import { useCallback, useContext, useEffect, useRef, useState } from "preact/hooks";
import type { MeDto } from "../../auth/auth.schema";
import type { HealthDto } from "../../health/health.schema";
import type { ProfileDto } from "../../profiles/profiles.schema";
import { ApiError, get, getWithHeaders, post, put } from "./api";
import { connectLive, disconnectLive, useLive } from "./live";

export interface Session {
  loading: boolean;
  me: MeDto | null;
  mode: "pinterest" | "emulator" | null;
  /** Before anyone signed in, the first to do so becomes the admin (the sign-in page says so only then). */
  awaitingOwner: boolean;
  profiles: ProfileDto[];
  selected: ProfileDto | null;
  refresh(): Promise<void>;
  selectProfile(id: number): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

const TZ_ADOPTED = "pinflow.timezone-adopted";

/**
 * On the first sign-in in this browser, a user still on the default UTC takes the browser's time zone, so
 * every time on screen (and every posting slot) is in their own. Done once: a later choice of UTC stays.
 */
async function adoptBrowserTimeZone(me: MeDto): Promise<MeDto> {
  const browser = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (me.timezone !== "UTC" || !browser || browser === "UTC" || localStorage.getItem(TZ_ADOPTED)) return me;
  localStorage.setItem(TZ_ADOPTED, "1");
  return put<MeDto>("/auth/me", { timezone: browser }).catch(() => me);
}

type State = Omit<Session, "refresh" | "selectProfile">;

export function SessionProvider(props: { children: ComponentChildren }) {
  /** Where the tab's event stream starts: the change the first GET /auth/me saw. */
  const changeId = useRef<string | null>(null);
  const [state, setState] = useState<State>({
    loading: true,
    me: null,
    mode: null,
    awaitingOwner: false,
    profiles: [],
    selected: null,
  });

  const refresh = useCallback(async () => {
    let me: MeDto | null = null;
    try {
      const answer = await getWithHeaders<MeDto>("/auth/me");
      me = answer.data;
      changeId.current ??= answer.headers.get("x-change-id");
    } catch (err) {
      if (!(err instanceof ApiError) || (err.status !== 401 && err.status !== 403)) throw err;
    }
    if (me?.status === "approved") me = await adoptBrowserTimeZone(me);
    const profiles = me?.status === "approved" ? await get<ProfileDto[]>("/profiles").catch(() => []) : [];
    const health = me ? null : await get<HealthDto>("/health").catch(() => null);
    setState({
      loading: false,
      me,
      mode: me?.mode ?? health?.mode ?? null,
      awaitingOwner: health?.awaiting_owner === true,
      profiles,
      selected: profiles.find((p) => p.is_selected) ?? profiles[0] ?? null,
    });
  }, []);

  const selectProfile = useCallback(
    async (id: number) => {
      await post(`/profiles/${id}/select`);
      await refresh();
    },
    [refresh],
  );

  useEffect(() => {
    refresh().catch(() => setState((s) => ({ ...s, loading: false })));
  }, [refresh]);

  // Signed in (approved or waiting for approval): the tab listens to its changes.
  const signedIn = state.me !== null;
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  useEffect(() => {
    if (!signedIn) return;
    connectLive(() => void refreshRef.current().catch(() => {}), changeId.current);
    return () => disconnectLive();
  }, [signedIn]);
  // The account (time zone, approval, limits) changed: read it again; a connected Pinterest account
  // changed (its schedule, a reconnect): read the accounts only.
  const approved = state.me?.status === "approved";
  useLive((e) => {
    if (e.kind === "account" || e.kind === "reset") void refresh().catch(() => {});
    else if (e.kind === "profile" && approved)
      void get<ProfileDto[]>("/profiles")
        .then((profiles) =>
          setState((s) => ({
            ...s,
            profiles,
            selected: profiles.find((p) => p.is_selected) ?? profiles[0] ?? null,
          })),
        )
        .catch(() => {});
  });

  return (
    <SessionContext.Provider value={{ ...state, refresh, selectProfile }}>
      {props.children}
    </SessionContext.Provider>
  );
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}

/** The signed-in user's time zone (UTC until known). */
export const useTimeZone = () => useSession().me?.timezone ?? "UTC";
