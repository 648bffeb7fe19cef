import { withBase } from "../base";
import { EmulatorBanner } from "../components/banner";
import { useSession } from "../session";

/** Waiting for approval: the page turns into the dashboard by itself once an admin approves (live). */
export function PendingPage() {
  const { me, refresh } = useSession();
  const suspended = me?.status === "suspended";
  return (
    <div class="center-page">
      <EmulatorBanner />
      <main class="card signin" id="main">
        <h1>{suspended ? "Your account is suspended" : "Waiting for approval"}</h1>
        <p>
          {suspended
            ? "An admin of this PinFlow suspended your account. Ask them if you think this is a mistake."
            : `You are signed in as @${me?.username}. An admin of this PinFlow has to approve your account before you can schedule pins or use API keys. This page opens the dashboard by itself once they do.`}
        </p>
        <div class="row">
          <button type="button" class="btn btn-secondary" onClick={() => void refresh()}>
            Check again
          </button>
          <form method="post" action={withBase("/auth/logout")}>
            <button type="submit" class="btn btn-ghost">
              Sign out
            </button>
          </form>
        </div>
      </main>
    </div>
  );
}
