"use client";

import ui from "./ui.module.css";

export function SignOutButton() {
  async function signOut() {
    await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    window.location.assign("/login");
  }
  return (
    <button type="button" className={ui.linkButton} onClick={signOut}>
      Sign out
    </button>
  );
}
