import { withBase } from "../base";
import { EmulatorBanner } from "../components/banner";
import { useSession } from "../session";

export function SignInPage() {
  const { awaitingOwner } = useSession();
  return (
    <div class="center-page">
      <EmulatorBanner />
      <main class="card signin" id="main">
        <div class="brand brand-big">
          <span class="brand-dot" aria-hidden="true" />
          PinFlow
        </div>
        <h1>Schedule your pins, publish them on time.</h1>
        <p>Compose pins, queue or schedule them, and PinFlow posts them to Pinterest for you.</p>
        <a class="btn btn-primary btn-big" href={withBase("/auth/login")}>
          Continue with Pinterest
        </a>
        <p class="hint" data-testid="signin-hint">
          {awaitingOwner
            ? "Nobody has signed in yet: the first person to sign in becomes this PinFlow's admin."
            : "New accounts can sign in right away; an admin of this PinFlow approves them before they can schedule pins."}
        </p>
      </main>
    </div>
  );
}
