"use client";

// Accounts in /admin: create one (a patient linked to their Asleep user, a clinician, an admin),
// disable or re-enable it, set a patient's clinician, set a new password, or issue a one-time reset
// link to pass on. Every refusal the server gives (taken e-mail, short password...) is shown by the form.

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import type { AdminAccount } from "@/lib/live/events";
import ui from "./ui.module.css";
import styles from "./AdminAccounts.module.css";
import { ActionButton } from "./ActionButton";

/** As GET /api/admin/accounts answers. */
export type AccountItem = AdminAccount;

type Answer = { ok: true; body: Record<string, unknown> } | { ok: false; message: string };

/** What is shown when the server gives no reason of its own, in the page's words. */
type Fallbacks = { refused: (status: number) => string; unreachable: string };

async function call(words: Fallbacks, url: string, method: "POST" | "PATCH", payload?: unknown): Promise<Answer> {
  try {
    const response = await fetch(url, { method, headers: { "content-type": "application/json" }, body: payload === undefined ? undefined : JSON.stringify(payload) });
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown> & { error?: string; issues?: Array<{ path: string; message: string }> };
    if (response.ok) return { ok: true, body };
    const issue = body.issues?.[0];
    return { ok: false, message: issue ? `${issue.path ? `${issue.path}: ` : ""}${issue.message}` : (body.error ?? words.refused(response.status)) };
  } catch {
    return { ok: false, message: words.unreachable };
  }
}

const accountUrl = (id: string) => `/api/admin/accounts/${encodeURIComponent(id)}`;

/** The fallbacks of `call`, from the AdminAccounts catalogue. */
function useFallbacks(): Fallbacks {
  const t = useTranslations("AdminAccounts");
  return { refused: (status) => t("refused", { status: String(status) }), unreachable: t("unreachable") };
}

/**
 * One page of accounts (`initial`, found by `search`), under a search box and above `pager`; `clinicians`:
 * every enabled clinician, whichever page they are on, for the clinician menus.
 */
export function AdminAccounts({
  initial,
  clinicians: allClinicians,
  selfId,
  search,
  pager,
}: {
  initial: AccountItem[];
  clinicians: AccountItem[];
  selfId: string;
  search: string;
  pager: ReactNode;
}) {
  const [accounts, setAccounts] = useState(initial);
  // Clinicians made or changed on this page count as they are now.
  const here = new Map(accounts.map((a) => [a.id, a]));
  const clinicians = [...allClinicians.filter((c) => !here.has(c.id)), ...accounts]
    .filter((a) => a.role === "clinician" && !a.disabledAt)
    .sort((a, b) => a.email.localeCompare(b.email));
  const replace = (a: AccountItem) => setAccounts((all) => all.map((x) => (x.id === a.id ? a : x)));
  const t = useTranslations("AdminAccounts");

  return (
    <section className={ui.panel} aria-labelledby="accounts-heading" data-testid="accounts">
      <h2 id="accounts-heading">{t("heading")}</h2>
      <form method="get" action="/admin" role="search" className={styles.search}>
        <label>
          {t("find")} <input type="search" name="q" defaultValue={search} maxLength={200} placeholder={t("findPlaceholder")} />
        </label>{" "}
        <button type="submit">{t("search")}</button>
        {search && (
          <>
            {" "}
            <Link href="/admin">{t("showAll")}</Link>
          </>
        )}
      </form>
      <CreateAccount clinicians={clinicians} onCreated={(a) => setAccounts((all) => [...all, a])} />
      {accounts.length === 0 && <p className={ui.muted}>{search ? t("noMatch", { search }) : t("none")}</p>}
      <ul className={styles.accountList}>
        {accounts.map((a) => (
          <AccountEntry key={a.id} account={a} clinicians={clinicians} self={a.id === selfId} onChanged={replace} />
        ))}
      </ul>
      {pager}
    </section>
  );
}

function CreateAccount({ clinicians, onCreated }: { clinicians: AccountItem[]; onCreated: (a: AccountItem) => void }) {
  const [role, setRole] = useState("patient");
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const t = useTranslations("AdminAccounts.create");
  const fallbacks = useFallbacks();

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const text = (k: string) => String(data.get(k) ?? "").trim();
    const payload = {
      email: text("email"),
      password: String(data.get("password") ?? ""),
      role,
      ...(text("name") && { name: text("name") }),
      ...(role === "patient" && text("asleepUserId") && { asleepUserId: text("asleepUserId") }),
      ...(role === "patient" && text("clinician") && { clinician: text("clinician") }),
    };
    setBusy(true);
    const answer = await call(fallbacks, "/api/admin/accounts", "POST", payload);
    setBusy(false);
    if (!answer.ok) return setStatus({ error: true, text: answer.message });
    onCreated(answer.body as unknown as AccountItem);
    form.reset();
    setStatus({ error: false, text: t("created", { email: payload.email }) });
  }

  return (
    <details>
      <summary>{t("summary")}</summary>
      <form method="post" className={ui.form} onSubmit={submit} data-testid="create-account" noValidate>
        <label htmlFor="acc-role">{t("role")}</label>
        <select id="acc-role" name="role" value={role} onChange={(e) => setRole(e.target.value)}>
          <option value="patient">{t("roles.patient")}</option>
          <option value="clinician">{t("roles.clinician")}</option>
          <option value="admin">{t("roles.admin")}</option>
        </select>
        <label htmlFor="acc-email">{t("email")}</label>
        <input id="acc-email" name="email" type="email" autoComplete="off" required />
        <label htmlFor="acc-name">{t("name")}</label>
        <input id="acc-name" name="name" autoComplete="off" maxLength={120} />
        {role === "patient" && (
          <>
            <label htmlFor="acc-asleep">{t("asleepUserId")}</label>
            <input id="acc-asleep" name="asleepUserId" autoComplete="off" maxLength={128} required />
            <label htmlFor="acc-clinician">{t("clinician")}</label>
            <select id="acc-clinician" name="clinician" defaultValue="">
              <option value="">{t("noneYet")}</option>
              {clinicians.map((c) => (
                <option key={c.id} value={c.email}>
                  {c.name} ({c.email})
                </option>
              ))}
            </select>
          </>
        )}
        <label htmlFor="acc-password">{t("password")}</label>
        <input id="acc-password" name="password" type="password" autoComplete="new-password" required />
        <div>
          <ActionButton type="submit" disabled={busy}>
            {t("submit")}
          </ActionButton>
        </div>
        {status && (
          <p role={status.error ? "alert" : "status"} className={status.error ? ui.error : undefined} data-testid="create-status">
            {status.text}
          </p>
        )}
      </form>
    </details>
  );
}

function AccountEntry({ account, clinicians, self, onChanged }: { account: AccountItem; clinicians: AccountItem[]; self: boolean; onChanged: (a: AccountItem) => void }) {
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const t = useTranslations("AdminAccounts.entry");
  const fallbacks = useFallbacks();
  const say = (answer: Answer, done: string) => setStatus(answer.ok ? { error: false, text: done } : { error: true, text: answer.message });

  async function patch(payload: { disabled?: boolean; clinicians?: string[] }, done: string) {
    setBusy(true);
    const answer = await call(fallbacks, accountUrl(account.id), "PATCH", payload);
    setBusy(false);
    if (answer.ok) onChanged(answer.body as unknown as AccountItem);
    say(answer, done);
  }

  async function resetLink() {
    setBusy(true);
    const answer = await call(fallbacks, `${accountUrl(account.id)}/reset-link`, "POST");
    setBusy(false);
    if (answer.ok) setLink(answer.body as unknown as { url: string; expiresAt: string });
    say(answer, t("resetIssued"));
  }

  async function setPassword(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setBusy(true);
    const answer = await call(fallbacks, `${accountUrl(account.id)}/password`, "POST", { password: String(new FormData(form).get("password") ?? "") });
    setBusy(false);
    if (answer.ok) form.reset();
    say(answer, t("passwordSet"));
  }

  const disabled = account.disabledAt !== null;
  return (
    <li className={styles.account} data-testid="account" data-email={account.email}>
      <p>
        <strong>{account.name}</strong> <span className={ui.muted}>{account.email}</span> · {t("role", { role: account.role })}
        {account.asleepUserId && <> · {t("asleepUser", { id: account.asleepUserId })}</>}
        {account.role === "clinician" && <> · {t("patients", { count: String(account.patients) })}</>} ·{" "}
        <span data-testid="account-state" className={disabled ? ui.stale : undefined}>
          {disabled ? t("disabledSince", { when: new Date(account.disabledAt!).toISOString().slice(0, 16).replace("T", " ") }) : t("active")}
        </span>
      </p>
      {account.role === "patient" && (
        <form
          method="post"
          className={ui.compareForm}
          onSubmit={(e) => {
            e.preventDefault();
            const chosen = String(new FormData(e.currentTarget).get("clinician") ?? "");
            void patch({ clinicians: chosen ? [chosen] : [] }, chosen ? t("assigned", { email: chosen }) : t("noClinician"));
          }}
        >
          <label>
            {t("clinician")}{" "}
            <select name="clinician" defaultValue={account.clinicians[0]?.email ?? ""} aria-label={t("clinicianOf", { email: account.email })}>
              <option value="">{t("none")}</option>
              {clinicians.map((c) => (
                <option key={c.id} value={c.email}>
                  {c.name} ({c.email})
                </option>
              ))}
            </select>
          </label>
          <ActionButton type="submit" className={ui.smallButton} disabled={busy}>
            {t("assign")}
          </ActionButton>
        </form>
      )}
      <p className={styles.actions}>
        {!self && (
          <ActionButton type="button" className={ui.smallButton} disabled={busy} onClick={() => void patch({ disabled: !disabled }, disabled ? t("enabledAgain") : t("disabledDone"))}>
            {disabled ? t("enable") : t("disable")}
          </ActionButton>
        )}{" "}
        <ActionButton type="button" className={ui.smallButton} disabled={busy} onClick={() => void resetLink()}>
          {t("resetLink")}
        </ActionButton>
      </p>
      <details>
        <summary>{t("setNewPassword")}</summary>
        <form method="post" className={ui.compareForm} onSubmit={setPassword}>
          <label>
            {t("newPassword")} <input name="password" type="password" autoComplete="new-password" required minLength={10} maxLength={256} />
          </label>
          <ActionButton type="submit" className={ui.smallButton} disabled={busy}>
            {t("setPassword")}
          </ActionButton>
        </form>
      </details>
      {link && (
        <p className={ui.small}>
          <label>
            {t("oneTimeLink", { when: link.expiresAt.slice(0, 16).replace("T", " ") })}{" "}
            <input readOnly value={link.url} data-testid="reset-link" onFocus={(e) => e.currentTarget.select()} className={styles.linkField} />
          </label>
        </p>
      )}
      {status && (
        <p role={status.error ? "alert" : "status"} className={status.error ? `${ui.error} ${ui.small}` : ui.small} data-testid="account-status">
          {status.text}
        </p>
      )}
    </li>
  );
}
