import { EmulatorBanner } from "../components/layout";

export function SignInPage() {
  return (
    <div class="center-page">
      <EmulatorBanner />
      <section class="card signin">
        <div class="brand brand-big">
          <span class="brand-dot" aria-hidden="true" />
          PinFlow
        </div>
        <h1>Schedule your pins, publish them on time.</h1>
        <p>Compose pins, queue or schedule them, and PinFlow posts them to Pinterest for you.</p>
        <a class="btn btn-primary btn-big" href="/auth/login">
          Continue with Pinterest
        </a>
        <p class="hint">
          The first person to sign in becomes this PinFlow's admin. Others wait for the admin's approval.
        </p>
      </section>
    </div>
  );
}
