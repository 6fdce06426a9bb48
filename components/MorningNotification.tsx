"use client";

// A sleeper turns the morning notification on or off for this browser (server/push/): the browser asks
// for permission, subscribes with the app's VAPID key (GET /api/account/push) and the subscription is
// sent to the app (POST); off unsubscribes and tells the app (DELETE). The service worker
// (public/push-sw.js) shows what arrives, and tells this page, which says so.

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import ui from "./ui.module.css";
import { ActionButton } from "./ActionButton";

type State = "checking" | "unsupported" | "blocked" | "off" | "on";

const SW_URL = "/push-sw.js";

/** The VAPID key as bytes: every browser takes a BufferSource (not all a base64url string). */
const keyBytes = (base64url: string) => Uint8Array.from(atob(base64url.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

const supported = () => typeof window !== "undefined" && "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;

async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration("/");
  return (await registration?.pushManager.getSubscription()) ?? null;
}

export function MorningNotification() {
  const t = useTranslations("MorningNotification");
  const [state, setState] = useState<State>("checking");
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  const [arrived, setArrived] = useState<string | null>(null);

  useEffect(() => {
    if (!supported()) return setState("unsupported");
    let live = true;
    const heard = (event: MessageEvent) => {
      const data = event.data as { type?: string; title?: string } | null;
      if (data?.type === "push-shown" && typeof data.title === "string") setArrived(data.title);
    };
    navigator.serviceWorker.addEventListener("message", heard);
    void (async () => {
      if (Notification.permission === "denied") return live && setState("blocked");
      const subscription = await currentSubscription().catch(() => null);
      if (!subscription) return live && setState("off");
      // The app may have removed it (the push service said it is gone): ask.
      const response = await fetch(`/api/account/push?endpoint=${encodeURIComponent(subscription.endpoint)}`);
      const body = (await response.json().catch(() => ({}))) as { subscribed?: boolean };
      if (live) setState(body.subscribed ? "on" : "off");
    })();
    return () => {
      live = false;
      navigator.serviceWorker.removeEventListener("message", heard);
    };
  }, []);

  async function turnOn() {
    setBusy(true);
    setStatus("");
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        setState(permission === "denied" ? "blocked" : "off");
        return setStatus(t("notAllowed"));
      }
      const registration = await navigator.serviceWorker.register(SW_URL, { scope: "/" });
      await navigator.serviceWorker.ready;
      const key = (await (await fetch("/api/account/push")).json()) as { publicKey?: string };
      if (!key.publicKey) return setStatus(t("appUnreachable"));
      const subscription = (await registration.pushManager.getSubscription()) ?? (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key.publicKey) }));
      const response = await fetch("/api/account/push", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(subscription.toJSON()) });
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as { error?: string };
        return setStatus(body.error != null ? t("refused", { error: body.error }) : t("answered", { status: response.status }));
      }
      setState("on");
      setStatus(t("turnedOn"));
    } catch (error) {
      setStatus(t("cannotSubscribe", { message: (error as Error).message }));
    } finally {
      setBusy(false);
    }
  }

  async function turnOff() {
    setBusy(true);
    setStatus("");
    try {
      const subscription = await currentSubscription();
      if (subscription) {
        await fetch("/api/account/push", { method: "DELETE", headers: { "content-type": "application/json" }, body: JSON.stringify({ endpoint: subscription.endpoint }) });
        await subscription.unsubscribe();
      }
      setState("off");
      setStatus(t("turnedOff"));
    } catch {
      setStatus(t("notTurnedOff"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div data-testid="morning-notification" data-state={state}>
      {state === "unsupported" && <p className={ui.muted}>{t("unsupported")}</p>}
      {state === "blocked" && <p className={ui.muted}>{t("blocked")}</p>}
      {state === "off" && (
        <ActionButton type="button" onClick={turnOn} disabled={busy}>
          {t("turnOn")}
        </ActionButton>
      )}
      {state === "on" && (
        <>
          <p>{t("on")}</p>
          <ActionButton type="button" onClick={turnOff} disabled={busy}>
            {t("turnOff")}
          </ActionButton>
        </>
      )}
      <p role="status" data-testid="morning-notification-status">
        {status}
      </p>
      {arrived && (
        <p data-testid="morning-notification-arrived">
          {t.rich("arrived", { title: arrived, strong: (chunks) => <strong>{chunks}</strong> })}
        </p>
      )}
    </div>
  );
}
